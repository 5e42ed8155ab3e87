package dev.loopcore;

/** The call never ran; {@link #reason()} says why. */
public class RejectedCallException extends ReplyException {
    private static final long serialVersionUID = 1L;

    /** Why a call never ran. */
    public enum Reason {
        /** The target loop was closed when the call arrived, or closed before running it. */
        LOOP_CLOSED,
        /** The proxy's target was closed. */
        TARGET_CLOSED,
        /** The proxy's target could not be constructed; {@link #getCause()} is what the constructor threw. */
        CONSTRUCTION_FAILED
    }

    private final Reason reason;

    public RejectedCallException(Reason reason, Throwable cause) {
        super("call rejected: " + reason, cause);
        this.reason = java.util.Objects.requireNonNull(reason, "reason");
    }

    public RejectedCallException(Reason reason) {
        this(reason, null);
    }

    public Reason reason() {
        return reason;
    }
}
