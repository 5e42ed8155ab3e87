package dev.loopcore.jmh;

import dev.loopcore.jmh.peers.CountingTask;
import dev.loopcore.jmh.peers.Peer;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * Family 6: how much CPU a started, idle consumer burns. Each peer runs one task, is left idle for
 * 10 ms, then the CPU time of its threads is measured over one second (ThreadMXBean).
 */
public final class IdleCpu {
    private IdleCpu() {
    }

    /** Peer id -> percent of one core while idle. */
    public static Map<String, Double> measure() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Map<String, Double> out = new LinkedHashMap<>();
        for (String id : Peer.ALL) {
            Peer p = Peer.create(id);
            try {
                CountingTask t = new CountingTask();
                p.post(t);
                t.awaitCount(1);
                LockSupport.parkNanos(10_000_000L);
                long before = cpuOf(mx, p.threadNamePrefix());
                long t0 = System.nanoTime();
                LockSupport.parkNanos(1_000_000_000L);
                long cpu = cpuOf(mx, p.threadNamePrefix()) - before;
                out.put(id, 100.0 * cpu / (System.nanoTime() - t0));
            } finally {
                p.close();
            }
        }
        return out;
    }

    private static long cpuOf(ThreadMXBean mx, String prefix) {
        long sum = 0;
        for (Thread th : Thread.getAllStackTraces().keySet()) {
            if (th.getName().startsWith(prefix)) {
                long c = mx.getThreadCpuTime(th.getId());
                if (c > 0) sum += c;
            }
        }
        return sum;
    }

    public static void main(String[] args) {
        measure().forEach((k, v) -> System.out.printf("%-20s %6.2f %% of a core%n", k, v));
        System.exit(0);
    }
}
