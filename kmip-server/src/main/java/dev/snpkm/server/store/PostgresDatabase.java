package dev.snpkm.server.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Opens the store on an external PostgreSQL server, the multi-node deployment: every node opens the same database and
 * Flyway migrates it once (its schema history table is locked while a node migrates, so two nodes starting together
 * do not both run a migration).
 *
 * <p>The password comes from a file, never from the URL, the command line or the log. TLS to the server is the JDBC
 * driver's: {@code sslmode=verify-full&sslrootcert=/path/ca.pem} (and {@code sslcert}/{@code sslkey} for a client
 * certificate) in the URL's query are passed through to it unchanged.
 */
public final class PostgresDatabase {
    public static final String URL_PREFIX = "jdbc:postgresql://";
    /** URL parameters that carry secrets; they belong in the password file (sslpassword: a key file is enough). */
    private static final Pattern SECRET_PARAMETER =
            Pattern.compile("[?&](password|sslpassword|user)=", Pattern.CASE_INSENSITIVE);

    private static final Set<PosixFilePermission> SHARED = EnumSet.of(
            PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE);
    /** A password file is one line; anything longer is the wrong file. */
    private static final long PASSWORD_FILE_MAX = 4096;

    private PostgresDatabase() {}

    public static boolean isPostgresUrl(String jdbcUrl) {
        return jdbcUrl != null && jdbcUrl.toLowerCase(Locale.ROOT).startsWith(URL_PREFIX);
    }

    /**
     * Opens the database at {@code jdbcUrl} as {@code user}, with the password held in {@code passwordFile} (its
     * first line; owner-only), migrated to the newest schema.
     */
    public static Database open(String jdbcUrl, String user, Path passwordFile, int poolSize) {
        checkUrl(jdbcUrl);
        if (user == null || user.isBlank()) {
            throw new StoreException("a PostgreSQL store needs a user name");
        }
        return Database.open(jdbcUrl, user, readPassword(passwordFile), poolSize);
    }

    /** Refuses what is not a PostgreSQL URL or carries a secret. */
    public static void checkUrl(String jdbcUrl) {
        if (!isPostgresUrl(jdbcUrl)) {
            throw new StoreException("a PostgreSQL store URL starts with " + URL_PREFIX);
        }
        if (SECRET_PARAMETER.matcher(jdbcUrl).find()) {
            throw new StoreException("the PostgreSQL URL must not carry user or password parameters: give the user "
                    + "name on its own and the password in a file");
        }
    }

    static String readPassword(Path file) {
        if (file == null) {
            throw new StoreException("a PostgreSQL store needs a password file");
        }
        try {
            PosixFileAttributeView posix = Files.getFileAttributeView(file, PosixFileAttributeView.class);
            if (posix != null) {
                Set<PosixFilePermission> shared = EnumSet.copyOf(SHARED);
                shared.retainAll(posix.readAttributes().permissions());
                if (!shared.isEmpty()) {
                    throw new StoreException(
                            "password file " + file + " is readable or writable by others: " + "chmod 600 it");
                }
            }
            if (Files.size(file) > PASSWORD_FILE_MAX) {
                throw new StoreException("password file " + file + " is larger than " + PASSWORD_FILE_MAX + " bytes");
            }
            String content = Files.readString(file, StandardCharsets.UTF_8);
            int end = content.indexOf('\n');
            String password = (end < 0 ? content : content.substring(0, end)).replace("\r", "");
            if (password.isEmpty()) {
                throw new StoreException("password file " + file + " is empty");
            }
            return password;
        } catch (IOException e) {
            throw new StoreException("cannot read password file " + file + ": " + e.getMessage(), e);
        }
    }
}
