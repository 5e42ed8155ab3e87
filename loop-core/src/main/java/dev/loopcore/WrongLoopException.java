package dev.loopcore;

/** Thrown when code that must run on a particular loop runs elsewhere. */
public class WrongLoopException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message which loop was expected and where the code ran instead
     */
    public WrongLoopException(String message) {
        super(message);
    }
}
