package dev.snpkm.appliance.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Settings that are valid but weaken what the appliance promises, each as one line the appliance logs at WARN when it
 * starts, so that a setting made once for a test or a migration does not go unnoticed on a production host.
 */
public final class ConfigWarnings {
    private ConfigWarnings() {}

    /** One line per risky setting in {@code c}, in the order of the configuration file; empty for the defaults. */
    public static List<String> of(ApplianceConfig c) {
        List<String> warnings = new ArrayList<>();
        if (c.tls().acceptWithoutClientAuthEku()) {
            warnings.add("event=config_warning key=tls.accept-without-client-auth-eku value=true note=\"certificates "
                    + "without the clientAuth extended key usage log in as clients: a server certificate issued by a "
                    + "client CA can act as a KMIP client\"");
        }
        if (ApplianceConfig.isWildcard(c.metrics().address())) {
            warnings.add("event=config_warning key=metrics.address value="
                    + c.metrics().address()
                    + " note=\"/metrics (key releases and denials per policy) and /healthz answer on every interface;"
                    + " the admin routes stay loopback only\"");
        }
        return List.copyOf(warnings);
    }
}
