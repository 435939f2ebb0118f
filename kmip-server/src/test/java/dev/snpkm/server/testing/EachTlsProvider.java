package dev.snpkm.server.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Runs a test once with each concrete TLS provider of the server (BoringSSL, then the JDK's JSSE), passing it as the
 * test's {@code TlsProvider} parameter: what the listener promises must hold with both.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@ParameterizedTest(name = "{0}")
@EnumSource(
        value = dev.snpkm.server.tls.TlsProvider.class,
        names = {"OPENSSL", "JDK"})
public @interface EachTlsProvider {}
