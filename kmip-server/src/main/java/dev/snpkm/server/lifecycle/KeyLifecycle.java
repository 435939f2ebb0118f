package dev.snpkm.server.lifecycle;

import dev.snpkm.kmip.enums.State;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The KMIP object state machine (KMIP 1.4 §3.22, 2.1 §4.57): Pre-Active → Active → Deactivated / Compromised →
 * Destroyed / Destroyed Compromised. Date-driven transitions are evaluated at read time: a Pre-Active object whose
 * Activation Date has passed is Active; an Active (or Pre-Active) object whose Deactivation Date has passed is
 * Deactivated. Compromised and Destroyed states are never left by dates.
 */
public final class KeyLifecycle {
    /** Explicit transitions an operation may make (the state machine's arrows, dates excluded). */
    private static final Map<State, Set<State>> ALLOWED = Map.of(
            State.PRE_ACTIVE, Set.of(State.ACTIVE, State.COMPROMISED, State.DESTROYED),
            State.ACTIVE, Set.of(State.DEACTIVATED, State.COMPROMISED),
            State.DEACTIVATED, Set.of(State.COMPROMISED, State.DESTROYED),
            State.COMPROMISED, Set.of(State.DESTROYED_COMPROMISED),
            State.DESTROYED, Set.of(State.DESTROYED_COMPROMISED),
            State.DESTROYED_COMPROMISED, Set.of());

    private KeyLifecycle() {}

    /**
     * The state an object is in at {@code now}, given its stored state and its Activation/Deactivation Dates (POSIX
     * seconds, empty when unset).
     */
    public static State effectiveState(
            State stored, Optional<Long> activationDate, Optional<Long> deactivationDate, long now) {
        State s = stored;
        if (s == State.PRE_ACTIVE && activationDate.isPresent() && activationDate.get() <= now) {
            s = State.ACTIVE;
        }
        if ((s == State.ACTIVE || s == State.PRE_ACTIVE)
                && deactivationDate.isPresent()
                && deactivationDate.get() <= now) {
            s = State.DEACTIVATED;
        }
        return s;
    }

    public static boolean mayTransition(State from, State to) {
        return ALLOWED.getOrDefault(from, Set.of()).contains(to);
    }

    /** The state Revoke leads to (KMIP 1.4 §4.20): compromise reasons → Compromised, others → Deactivated. */
    public static State afterRevoke(State from, boolean compromise) {
        if (compromise) {
            return from == State.DESTROYED ? State.DESTROYED_COMPROMISED : State.COMPROMISED;
        }
        return State.DEACTIVATED;
    }

    /** The state Destroy leads to: Compromised objects become Destroyed Compromised (KMIP 1.4 §3.22). */
    public static State afterDestroy(State from) {
        return from == State.COMPROMISED ? State.DESTROYED_COMPROMISED : State.DESTROYED;
    }

    /** Whether the object may be used to protect (wrap, encrypt) data: only Active (KMIP 1.4 §3.22). */
    public static boolean mayProtect(State s) {
        return s == State.ACTIVE;
    }
}
