package dev.snpkm.appliance;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.List;

/**
 * SIGTERM/SIGINT as an ordinary event. With only a shutdown hook the JVM exits 143 after SIGTERM, and systemd and
 * Docker read that as a failure; handling the signal lets the main thread shut down gracefully and exit 0.
 *
 * <p>sun.misc.Signal (module jdk.unsupported) is reached by reflection: named in source, javac's "internal proprietary
 * API" warning cannot be silenced under --release, and the build treats warnings as errors.
 */
final class TerminationSignals {
    private TerminationSignals() {}

    static void onTerminate(Runnable action) {
        try {
            Class<?> signal = Class.forName("sun.misc.Signal");
            Class<?> handlerType = Class.forName("sun.misc.SignalHandler");
            Object handler = Proxy.newProxyInstance(
                    handlerType.getClassLoader(),
                    new Class<?>[] {handlerType},
                    (proxy, method, args) -> switch (method.getName()) {
                        case "handle" -> {
                            action.run();
                            yield null;
                        }
                        case "hashCode" -> System.identityHashCode(proxy);
                        case "equals" -> proxy == args[0];
                        default -> "TerminationSignals";
                    });
            Method handle = signal.getMethod("handle", signal, handlerType);
            for (String name : List.of("TERM", "INT")) {
                handle.invoke(null, signal.getConstructor(String.class).newInstance(name), handler);
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot install the SIGTERM/SIGINT handlers", e);
        }
    }
}
