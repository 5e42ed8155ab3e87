package dev.loopcore;

import java.time.Duration;

/**
 * {@link Reply#await(Duration)} elapsed before the reply arrived. The timeout is the caller's only: the
 * reply stays pending and later {@code await}/{@code then}/{@code toFuture} get its outcome.
 */
public class ReplyTimeoutException extends ReplyException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception for a wait that gave up.
     *
     * @param timeout the timeout that elapsed
     */
    public ReplyTimeoutException(Duration timeout) {
        super("no reply within " + timeout, null);
    }
}
