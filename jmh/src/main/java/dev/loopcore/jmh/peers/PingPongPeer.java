package dev.loopcore.jmh.peers;

/**
 * The physical floor of a round trip: a single volatile slot that a spinning thread takes tasks
 * from. Not a real executor (one task at a time): only for the round-trip family.
 */
public final class PingPongPeer implements Peer {
    private volatile Runnable slot;
    private volatile boolean running = true;
    private final Thread echo;

    public PingPongPeer() {
        echo = new Thread(() -> {
            while (running) {
                Runnable r = slot;
                if (r != null) {
                    slot = null;
                    r.run();
                } else {
                    Thread.onSpinWait();
                }
            }
        }, "peer-pingpong");
        echo.setDaemon(true);
        echo.start();
    }

    @Override
    public void post(Runnable task) {
        while (slot != null) Thread.onSpinWait();
        slot = task;
    }

    @Override
    public String threadNamePrefix() {
        return "peer-pingpong";
    }

    @Override
    public void close() {
        running = false;
    }
}
