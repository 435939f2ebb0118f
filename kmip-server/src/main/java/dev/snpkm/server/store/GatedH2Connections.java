package dev.snpkm.server.store;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * The embedded H2 store's connections, with every statement that may write, and every commit and rollback, run inside
 * the {@link StoreGate}. A plain SELECT writes nothing and runs outside (a long report then never holds up a store);
 * {@code SELECT ... FOR UPDATE} locks rows by writing them, so it is a write here, as is any SELECT that names a data
 * change. Each connection remembers whether its open transaction has written, which the gate needs to know.
 */
final class GatedH2Connections implements DataSource {
    /** Connection methods that end or partly undo a transaction: they write the store's maps. */
    private static final Set<String> ENDING = Set.of("commit", "rollback", "setAutoCommit", "close", "abort");

    /**
     * A read: a SELECT naming no data change ({@code FOR UPDATE}, a data-change table such as {@code FINAL TABLE
     * (INSERT ...)}, a sequence's next value). Conservative: a read merely mentioning such a word is gated too.
     */
    private static final Pattern PLAIN_SELECT = Pattern.compile(
            "^\\s*(?i:select)\\b(?!.*\\b(?i:update|insert|delete|merge|next\\s+value|nextval)\\b).*$", Pattern.DOTALL);

    /**
     * H2's {@code SCRIPT} with no option (the online backup's, {@code StoreBackup}): it reads every table into its result
     * and writes nothing, so on a transaction that has written nothing it runs outside the gate like a SELECT (inside,
     * the syncer's store would wait for the whole dump, and every commit's acknowledgement with it). H2 commits the
     * connection's open transaction after it, though: on a transaction that has written, it runs inside the gate.
     */
    private static final Pattern PLAIN_SCRIPT = Pattern.compile("^\\s*(?i:script)\\s*$");

    static boolean isPlainScript(@Nullable String sql) {
        return sql != null && PLAIN_SCRIPT.matcher(sql).matches();
    }

    private final DataSource h2;
    private final StoreGate gate;

    GatedH2Connections(DataSource h2, StoreGate gate) {
        this.h2 = h2;
        this.gate = gate;
    }

    /**
     * Verdicts of {@link #mayWrite} by statement text, at most {@link #KNOWN_TEXTS}: the server prepares the same few
     * dozen texts again on every use (~20 per release), and matching one costs ~1 µs.
     */
    private static final Map<String, Boolean> KNOWN = new ConcurrentHashMap<>();

    static final int KNOWN_TEXTS = 512;

    /**
     * Whether a statement's text may change the store: all but a plain SELECT. A plain SCRIPT is judged per connection
     * ({@link #isPlainScript}).
     */
    static boolean mayWrite(@Nullable String sql) {
        if (sql == null) {
            return true;
        }
        Boolean known = KNOWN.get(sql);
        if (known != null) {
            return known;
        }
        boolean writes = !PLAIN_SELECT.matcher(sql).matches();
        if (KNOWN.size() < KNOWN_TEXTS) {
            KNOWN.put(sql, writes);
        }
        return writes;
    }

    @Override
    public Connection getConnection() throws SQLException {
        refuseIfShut();
        return wrap(h2.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        refuseIfShut();
        return wrap(h2.getConnection(username, password));
    }

    /**
     * After the store broke, H2 has dropped the database; a new connection would open the same file again, with no
     * syncer, gate or store header, serving what the file holds and writing it at close. Refused instead (SQLState
     * 08006, a connection failure).
     */
    private void refuseIfShut() throws SQLException {
        if (gate.isShut()) {
            throw new SQLException(
                    "the store is broken (a write or force of its file failed); restart the server", "08006");
        }
    }

    private Connection wrap(Connection c) {
        return proxy(Connection.class, new GatedConnection(c));
    }

    private static <T> T proxy(Class<T> type, InvocationHandler handler) {
        return type.cast(
                Proxy.newProxyInstance(GatedH2Connections.class.getClassLoader(), new Class<?>[] {type}, handler));
    }

    /** Calls method on target, rethrowing what it threw (not the reflection wrapper). */
    private static @Nullable Object call(Object target, Method method, Object @Nullable [] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** unwrap and isWrapperFor see the proxy itself, then what it wraps. */
    private static @Nullable Object wrapperCall(Object self, Object target, Method method, Object[] args)
            throws Throwable {
        Class<?> type = (Class<?>) args[0];
        if (method.getName().equals("unwrap")) {
            return type.isInstance(self) ? self : call(target, method, args);
        }
        return type.isInstance(self) || Boolean.TRUE.equals(call(target, method, args));
    }

    /** Calls method on target inside the gate. */
    private @Nullable Object inside(boolean writtenBefore, Object target, Method method, Object @Nullable [] args)
            throws Throwable {
        Object[] result = new Object[1];
        gate.inside(writtenBefore, () -> result[0] = call(target, method, args));
        return result[0];
    }

    private final class GatedConnection implements InvocationHandler {
        private final Connection target;
        /** The open transaction has written (may hold row locks); only the connection's user thread touches it. */
        private boolean written;

        GatedConnection(Connection target) {
            this.target = target;
        }

        @Override
        public @Nullable Object invoke(Object self, Method method, Object @Nullable [] args) throws Throwable {
            String name = method.getName();
            if (args != null && (name.equals("unwrap") || name.equals("isWrapperFor"))) {
                return wrapperCall(self, target, method, args);
            }
            if (ENDING.contains(name)) {
                return end(name, method, args);
            }
            Object result = call(target, method, args);
            if (result instanceof Statement statement) {
                String sql = args != null && args.length > 0 && args[0] instanceof String s ? s : null;
                boolean prepared = statement instanceof PreparedStatement;
                Class<? extends Statement> type = statement instanceof CallableStatement
                        ? CallableStatement.class
                        : prepared ? PreparedStatement.class : Statement.class;
                return proxy(type, new GatedStatement(self, statement, prepared ? mayWrite(sql) : null, this));
            }
            return result;
        }

        private @Nullable Object end(String name, Method method, Object @Nullable [] args) throws Throwable {
            // A commit or full rollback ends the transaction; a rollback to a savepoint, or auto-commit off, does not.
            boolean ends = name.equals("commit")
                    || name.equals("close")
                    || name.equals("abort")
                    || (name.equals("rollback") && (args == null || args.length == 0))
                    || (name.equals("setAutoCommit") && args != null && Boolean.TRUE.equals(args[0]));
            if (name.equals("setAutoCommit") && !ends) {
                return call(target, method, args);
            }
            Object result = inside(true, target, method, args);
            if (ends) {
                written = false;
            }
            return result;
        }

        /** Runs one execution of a statement that may write inside the gate, and notes the write. */
        @Nullable
        Object write(Statement statement, Method method, Object @Nullable [] args) throws Throwable {
            boolean writtenBefore = written;
            written = !target.getAutoCommit(); // from here on it may hold row locks, even if this one fails
            return inside(writtenBefore, statement, method, args);
        }
    }

    private static final class GatedStatement implements InvocationHandler {
        private final Object connection;
        private final Statement target;
        /** For a prepared statement, whether its text may write; null for a plain statement (known per call). */
        private final @Nullable Boolean prepared;

        private final GatedConnection gated;

        GatedStatement(Object connection, Statement target, @Nullable Boolean prepared, GatedConnection gated) {
            this.connection = connection;
            this.target = target;
            this.prepared = prepared;
            this.gated = gated;
        }

        @Override
        public @Nullable Object invoke(Object self, Method method, Object @Nullable [] args) throws Throwable {
            String name = method.getName();
            if (args != null && (name.equals("unwrap") || name.equals("isWrapperFor"))) {
                return wrapperCall(self, target, method, args);
            }
            if (name.equals("getConnection")) {
                return connection;
            }
            if (name.startsWith("execute") && writes(name, args)) {
                return gated.write(target, method, args);
            }
            return call(target, method, args);
        }

        private boolean writes(String name, Object @Nullable [] args) {
            if (name.endsWith("Batch")) {
                return true;
            }
            if (args != null && args.length > 0 && args[0] instanceof String sql) {
                return isPlainScript(sql) ? gated.written : mayWrite(sql);
            }
            return prepared == null || prepared;
        }
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return h2.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        h2.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        h2.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return h2.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return h2.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return iface.isInstance(this) ? iface.cast(this) : h2.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return iface.isInstance(this) || h2.isWrapperFor(iface);
    }
}
