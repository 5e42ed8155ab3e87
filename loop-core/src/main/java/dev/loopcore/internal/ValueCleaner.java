package dev.loopcore.internal;

import dev.loopcore.RefCounted;

import java.lang.ref.Cleaner;

/**
 * Releases the reference a reply owns to its {@link RefCounted} value once the reply is unreachable
 * (see {@link ReplyImpl}): nobody can ask for the value any more, and every consumer that did got a
 * reference of its own. The cleaner's daemon thread starts on the first such value.
 *
 * <p>Threading: {@link #releaseWhenUnreachable} from any thread; the release runs on the cleaner's thread.
 */
final class ValueCleaner {
    private static final Cleaner CLEANER = Cleaner.create(r -> {
        Thread t = new Thread(r, "loopcore-reply-cleaner");
        t.setDaemon(true);
        return t;
    });

    private ValueCleaner() {
    }

    static void releaseWhenUnreachable(Object reply, RefCounted value) {
        // The action references the value only, never the reply.
        CLEANER.register(reply, () -> Refs.release(value, null, null, null)); // deliberate: RefCounted values only
    }
}
