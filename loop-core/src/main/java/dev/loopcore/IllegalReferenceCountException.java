package dev.loopcore;

/** Thrown by {@link RefCounted#retain()} after deallocation and by {@link RefCounted#release()} past zero. */
public class IllegalReferenceCountException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message which operation failed, on which object
     */
    public IllegalReferenceCountException(String message) {
        super(message);
    }
}
