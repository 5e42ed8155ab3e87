package dev.loopcore.proxy;

import java.lang.ref.Cleaner;
import java.lang.ref.WeakReference;

/**
 * The lifetime handle of a created target: every proxy of the target references it, and a
 * {@link Cleaner} closes the target on its loop once no proxy does.
 *
 * <p>The cleaning action must not keep the handle reachable, so it references only the {@link Cell};
 * the cell finds the handle through a weak reference (for {@link Proxy#bind} from inside the target).
 * The action holds the cell only while the target is {@link AutoCloseable} (it must close it); for
 * other targets it lets go after construction, so cycles of such targets across loops are collected.
 */
final class Lifetime {
    private static final Cleaner CLEANER = Cleaner.create(r -> {
        Thread t = new Thread(r, "loopcore-proxy-cleaner");
        t.setDaemon(true);
        return t;
    });

    private final Reaper reaper;
    private final Cleaner.Cleanable cleanable;

    private Lifetime(Cell cell) {
        reaper = new Reaper(cell);
        cleanable = CLEANER.register(this, reaper);
    }

    static Lifetime track(Cell cell) {
        Lifetime l = new Lifetime(cell);
        cell.lifetime = new WeakReference<>(l); // deliberate: cold path, once per created target
        return l;
    }

    /** The handle of a created target, for a proxy bound from inside it; null if none is left. */
    static Lifetime of(Cell cell) {
        WeakReference<Lifetime> w = cell.lifetime;
        return w == null ? null : w.get();
    }

    /** The target is not AutoCloseable: the cleaner need not keep it reachable. */
    void nothingToClose() {
        reaper.cell = null;
    }

    /** The target was closed through a proxy: the cleaner has nothing left to do. */
    void closedExplicitly() {
        reaper.cell = null;
        cleanable.clean();
    }

    /** Runs on the cleaner's thread once no proxy references the handle. */
    private static final class Reaper implements Runnable {
        volatile Cell cell;

        Reaper(Cell cell) {
            this.cell = cell;
        }

        @Override
        public void run() {
            Cell c = cell;
            cell = null;
            if (c != null && !c.isDead()) {
                // After every message a proxy of the cell sent: each send keeps its proxy, and so this handle,
                // reachable until it decided (Proxy's reachability fence), and the close waits for the
                // messages of proxies bound from inside the target (Cell.closeWhenDrained).
                c.loop.dispatch(ProxyOps.REAP, null, c, null, null, null);
            }
        }
    }
}
