package dev.loopcore;

/** Thrown when code that must run on a particular loop runs elsewhere. */
public class WrongLoopException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public WrongLoopException(String message) {
        super(message);
    }
}
