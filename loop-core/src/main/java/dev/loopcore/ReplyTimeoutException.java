package dev.loopcore;

import java.time.Duration;

/** {@link Reply#await(Duration)} elapsed before the reply arrived; a late reply is discarded. */
public class ReplyTimeoutException extends ReplyException {
    private static final long serialVersionUID = 1L;

    public ReplyTimeoutException(Duration timeout) {
        super("no reply within " + timeout, null);
    }
}
