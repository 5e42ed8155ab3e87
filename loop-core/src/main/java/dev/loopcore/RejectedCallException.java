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

    /** Why the call never ran. */
    private final Reason reason;

    /**
     * Creates the exception for a call that never ran.
     *
     * @param reason why it never ran
     * @param cause  for {@link Reason#CONSTRUCTION_FAILED}, what the constructor threw; else usually null
     */
    public RejectedCallException(Reason reason, Throwable cause) {
        super("call rejected: " + reason, cause);
        this.reason = java.util.Objects.requireNonNull(reason, "reason");
    }

    /**
     * Creates the exception for a call that never ran, without a cause.
     *
     * @param reason why it never ran
     */
    public RejectedCallException(Reason reason) {
        this(reason, null);
    }

    /** {@return why the call never ran} */
    public Reason reason() {
        return reason;
    }
}
