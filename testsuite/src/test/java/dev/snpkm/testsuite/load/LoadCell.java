package dev.snpkm.testsuite.load;

import java.util.Arrays;

/**
 * One measured cell of the table: a server, an operation, a number of concurrent connections.
 *
 * @param latenciesNanos successful request latencies; sorted on construction
 * @param errors requests that failed (KMIP failure or transport error)
 * @param note why the cell stopped early, or empty
 */
record LoadCell(
        String server,
        String operation,
        int connections,
        double seconds,
        long[] latenciesNanos,
        long errors,
        String note) {

    LoadCell {
        latenciesNanos = latenciesNanos.clone();
        Arrays.sort(latenciesNanos);
    }

    double opsPerSecond() {
        return seconds <= 0 ? 0 : latenciesNanos.length / seconds;
    }

    /** Nearest-rank percentile in milliseconds. */
    double percentileMillis(double p) {
        if (latenciesNanos.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * latenciesNanos.length);
        return latenciesNanos[Math.max(0, rank - 1)] / 1e6;
    }

    String markdownRow() {
        return String.format(
                "| %s | %s | %d | %,.0f | %.2f | %.2f | %d | %s |",
                server,
                operation,
                connections,
                opsPerSecond(),
                percentileMillis(50),
                percentileMillis(99),
                errors,
                note);
    }

    static String markdownHeader() {
        return "| server | op | connections | ops/s | p50 ms | p99 ms | errors | note |\n"
                + "|---|---|---:|---:|---:|---:|---:|---|";
    }
}
