package dev.loopcore.jmh.peers;

import dev.loopcore.IdleStrategy;
import dev.loopcore.MailboxKind;
import dev.loopcore.MessageLoop;

import java.time.Duration;

/** loopcore: the default loop, its busy-spin option, the bounded mailbox, and the default loop watched for stalls. */
public final class LoopcorePeer implements Peer {
    private final MessageLoop loop;
    private final String name;

    private LoopcorePeer(MessageLoop loop, String name) {
        this.loop = loop;
        this.name = name;
    }

    static LoopcorePeer defaults() {
        return new LoopcorePeer(MessageLoop.builder("peer-loopcore").daemon(true).start(), "peer-loopcore");
    }

    static LoopcorePeer busySpin() {
        return new LoopcorePeer(MessageLoop.builder("peer-loopcore-spin").idleStrategy(IdleStrategy.busySpin())
                .daemon(true).start(), "peer-loopcore-spin");
    }

    /** The default loop watched for stalls and congestion (issue 15): the watchdog's cost on the hot path. */
    static LoopcorePeer watched() {
        return new LoopcorePeer(MessageLoop.builder("peer-loopcore-watched").stallThreshold(Duration.ofMillis(100))
                .congestionThreshold(Duration.ofMillis(100)).daemon(true).start(), "peer-loopcore-watched");
    }

    static LoopcorePeer bounded() {
        return new LoopcorePeer(MessageLoop.builder("peer-loopcore-bounded").mailbox(MailboxKind.BOUNDED)
                .capacity(65536).daemon(true).start(), "peer-loopcore-bounded");
    }

    public MessageLoop loop() {
        return loop;
    }

    @Override
    public void post(Runnable task) {
        loop.post(task);
    }

    @Override
    public String threadNamePrefix() {
        return name;
    }

    @Override
    public void close() {
        loop.close();
        try {
            loop.awaitTermination(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
