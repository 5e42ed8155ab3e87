package dev.loopcore;

/**
 * Why a {@link Reply} has no value. {@link Reply#await()} throws one of the four subclasses;
 * {@code onError} callbacks and failed {@link Reply#toFuture() futures} get the same instance.
 */
public abstract class ReplyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * For the subclasses.
     *
     * @param message the detail message
     * @param cause   the underlying failure, or null
     */
    protected ReplyException(String message, Throwable cause) {
        super(message, cause);
    }
}
