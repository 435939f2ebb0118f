package dev.snpkm.server.conformance;

/**
 * The outcome of running one test case.
 *
 * @param reason empty when passed; otherwise the first failing step and its differences, on one line
 */
record CaseResult(ConformanceCase testCase, boolean passed, String reason) {

    static CaseResult pass(ConformanceCase c) {
        return new CaseResult(c, true, "");
    }

    static CaseResult fail(ConformanceCase c, String reason) {
        return new CaseResult(c, false, reason);
    }
}
