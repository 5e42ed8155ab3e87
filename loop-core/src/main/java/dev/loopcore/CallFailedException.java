package dev.loopcore;

/** The call ran and threw; {@link #getCause()} is what it threw. */
public class CallFailedException extends ReplyException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception a failed call's reply completes with.
     *
     * @param cause what the call threw
     */
    public CallFailedException(Throwable cause) {
        super("call failed: " + cause, cause);
    }
}
