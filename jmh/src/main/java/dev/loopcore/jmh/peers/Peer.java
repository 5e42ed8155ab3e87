package dev.loopcore.jmh.peers;

/**
 * The adapter every contender sits behind: post a preallocated task to one consumer, which runs it.
 * Each implementation is configured as its own documentation recommends for a single-consumer
 * event loop. Threading: {@link #post} from any thread; {@link #close} once, at tear-down.
 */
public interface Peer extends AutoCloseable {
    /** Hands {@code task} to the consumer; spins if a bounded queue is full. */
    void post(Runnable task);

    /** The names of the threads that consume, for the idle-CPU measurement. */
    String threadNamePrefix();

    @Override
    void close();

    /** Every peer id, loopcore's first. */
    String[] ALL = {"loopcore", "loopcore-spin", "loopcore-bounded", "jctools-spin", "jctools-park",
            "disruptor-busyspin", "disruptor-blocking", "agrona-busyspin", "agrona-backoff",
            "netty-nio", "netty-executor", "jdk-executor", "pekko"};

    static Peer create(String id) {
        switch (id) {
            case "loopcore": return LoopcorePeer.defaults();
            case "loopcore-spin": return LoopcorePeer.busySpin();
            case "loopcore-bounded": return LoopcorePeer.bounded();
            case "loopcore-watched": return LoopcorePeer.watched(); // not in ALL: run it with -p peer=...
            case "jctools-spin": return new JctoolsPeer(false);
            case "jctools-park": return new JctoolsPeer(true);
            case "disruptor-busyspin": return new DisruptorPeer(false);
            case "disruptor-blocking": return new DisruptorPeer(true);
            case "agrona-busyspin": return new AgronaPeer(false);
            case "agrona-backoff": return new AgronaPeer(true);
            case "netty-nio": return NettyPeer.nio();
            case "netty-executor": return NettyPeer.executor();
            case "jdk-executor": return new JdkExecutorPeer();
            case "pekko": return new PekkoPeer();
            case "volatile-pingpong": return new PingPongPeer();
            default: throw new IllegalArgumentException("unknown peer: " + id);
        }
    }
}
