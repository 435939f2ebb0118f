package dev.snpkm.unlock;

import dev.snpkm.client.attestation.AttestationException;
import dev.snpkm.client.tls.TlsConfigurationException;
import dev.snpkm.sev.report.ReportFormatException;
import dev.snpkm.unlock.guest.SecurityViolationException;
import dev.snpkm.unlock.key.KeySourceException;
import dev.snpkm.unlock.luks.LuksException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Maps each failure to one line on stderr and its exit status; the messages never contain key material. */
abstract class GuardedCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    protected final UnlockEnvironment env;

    GuardedCommand(UnlockEnvironment env) {
        this.env = env;
    }

    abstract int execute() throws Exception;

    @Override
    public final Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        try {
            return execute();
        } catch (SecurityViolationException e) {
            err.println(e.getMessage());
            return ExitCodes.SECURITY_VIOLATION;
        } catch (IllegalArgumentException | TlsConfigurationException e) {
            err.println("kmip-unlock: " + e.getMessage());
            return ExitCodes.USAGE;
        } catch (KeySourceException | LuksException | AttestationException | ReportFormatException e) {
            err.println("kmip-unlock: " + e.getMessage());
            return ExitCodes.FAILED;
        } catch (Exception e) {
            err.println("kmip-unlock: unexpected " + e);
            return ExitCodes.FAILED;
        } finally {
            err.flush();
        }
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
