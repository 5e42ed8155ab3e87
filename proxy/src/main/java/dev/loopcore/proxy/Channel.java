package dev.loopcore.proxy;

import dev.loopcore.RejectedCallException;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

// Padding: JDK 15+ packs the fields of one class by size, so each group of hot fields sits between two
// classes of 128 byte fields (two cache lines: the adjacent-line prefetcher pulls lines in pairs).

abstract class ChannelPad0 {
    byte p0000, p0001, p0002, p0003, p0004, p0005, p0006, p0007, p0008, p0009, p0010, p0011, p0012, p0013, p0014, p0015;
    byte p0016, p0017, p0018, p0019, p0020, p0021, p0022, p0023, p0024, p0025, p0026, p0027, p0028, p0029, p0030, p0031;
    byte p0032, p0033, p0034, p0035, p0036, p0037, p0038, p0039, p0040, p0041, p0042, p0043, p0044, p0045, p0046, p0047;
    byte p0048, p0049, p0050, p0051, p0052, p0053, p0054, p0055, p0056, p0057, p0058, p0059, p0060, p0061, p0062, p0063;
    byte p0064, p0065, p0066, p0067, p0068, p0069, p0070, p0071, p0072, p0073, p0074, p0075, p0076, p0077, p0078, p0079;
    byte p0080, p0081, p0082, p0083, p0084, p0085, p0086, p0087, p0088, p0089, p0090, p0091, p0092, p0093, p0094, p0095;
    byte p0096, p0097, p0098, p0099, p0100, p0101, p0102, p0103, p0104, p0105, p0106, p0107, p0108, p0109, p0110, p0111;
    byte p0112, p0113, p0114, p0115, p0116, p0117, p0118, p0119, p0120, p0121, p0122, p0123, p0124, p0125, p0126, p0127;
}

/** Written by senders (any thread): the accepted count and the closed bit, one word, by CAS. */
abstract class ChannelSenderFields extends ChannelPad0 {
    volatile long sent;
}

abstract class ChannelPad1 extends ChannelSenderFields {
    byte p1000, p1001, p1002, p1003, p1004, p1005, p1006, p1007, p1008, p1009, p1010, p1011, p1012, p1013, p1014, p1015;
    byte p1016, p1017, p1018, p1019, p1020, p1021, p1022, p1023, p1024, p1025, p1026, p1027, p1028, p1029, p1030, p1031;
    byte p1032, p1033, p1034, p1035, p1036, p1037, p1038, p1039, p1040, p1041, p1042, p1043, p1044, p1045, p1046, p1047;
    byte p1048, p1049, p1050, p1051, p1052, p1053, p1054, p1055, p1056, p1057, p1058, p1059, p1060, p1061, p1062, p1063;
    byte p1064, p1065, p1066, p1067, p1068, p1069, p1070, p1071, p1072, p1073, p1074, p1075, p1076, p1077, p1078, p1079;
    byte p1080, p1081, p1082, p1083, p1084, p1085, p1086, p1087, p1088, p1089, p1090, p1091, p1092, p1093, p1094, p1095;
    byte p1096, p1097, p1098, p1099, p1100, p1101, p1102, p1103, p1104, p1105, p1106, p1107, p1108, p1109, p1110, p1111;
    byte p1112, p1113, p1114, p1115, p1116, p1117, p1118, p1119, p1120, p1121, p1122, p1123, p1124, p1125, p1126, p1127;
}

/** Confined to the target's loop, but for the final fields. */
abstract class ChannelLoopFields extends ChannelPad1 {
    final Cell cell;
    /** The channel of the proxy {@link Proxy#create} returned: closing it closes the target. */
    final boolean owner;
    /** Messages of this channel that have run or were dropped on the loop. */
    long ran;
    /** A close from elsewhere takes effect once {@link #ran} reaches this; -1 if none is pending. */
    long closeAt = -1;
    /** Closed on the loop: no message of this channel runs any more. */
    boolean shut;
    /** The cell waits for this channel's accepted messages before it closes (see {@link Cell}). */
    boolean cellWaits;

    ChannelLoopFields(Cell cell, boolean owner) {
        this.cell = cell;
        this.owner = owner;
    }
}

abstract class ChannelPad2 extends ChannelLoopFields {
    byte p2000, p2001, p2002, p2003, p2004, p2005, p2006, p2007, p2008, p2009, p2010, p2011, p2012, p2013, p2014, p2015;
    byte p2016, p2017, p2018, p2019, p2020, p2021, p2022, p2023, p2024, p2025, p2026, p2027, p2028, p2029, p2030, p2031;
    byte p2032, p2033, p2034, p2035, p2036, p2037, p2038, p2039, p2040, p2041, p2042, p2043, p2044, p2045, p2046, p2047;
    byte p2048, p2049, p2050, p2051, p2052, p2053, p2054, p2055, p2056, p2057, p2058, p2059, p2060, p2061, p2062, p2063;
    byte p2064, p2065, p2066, p2067, p2068, p2069, p2070, p2071, p2072, p2073, p2074, p2075, p2076, p2077, p2078, p2079;
    byte p2080, p2081, p2082, p2083, p2084, p2085, p2086, p2087, p2088, p2089, p2090, p2091, p2092, p2093, p2094, p2095;
    byte p2096, p2097, p2098, p2099, p2100, p2101, p2102, p2103, p2104, p2105, p2106, p2107, p2108, p2109, p2110, p2111;
    byte p2112, p2113, p2114, p2115, p2116, p2117, p2118, p2119, p2120, p2121, p2122, p2123, p2124, p2125, p2126, p2127;

    ChannelPad2(Cell cell, boolean owner) {
        super(cell, owner);
    }
}

/**
 * One proxy's way to its {@link Cell}: every proxy, {@link Proxy#bind} ones included, has its own, and
 * every message the proxy sends carries it (as {@code Message.a}). It decides whether a send is
 * accepted and when the proxy's close takes effect on the loop.
 *
 * <h2>Invariant</h2>
 * A message is accepted exactly when its sender's {@link #accept} incremented the count in {@code sent}
 * before the closed bit was set there; the closed bit is set once and then {@code sent} never changes.
 * Every accepted message that the loop accepts runs on the loop exactly once and then increments
 * {@code ran} (whether the target ran it or it was dropped). So a close from elsewhere, which sets the
 * bit and so fixes the number N of accepted messages, takes effect on the loop when {@code ran} reaches
 * N: after every message accepted before it, whatever order the loop runs them in (a nested await may
 * run a message of its chain, the close message among them, ahead of earlier ones it keeps aside).
 * An invoke racing that close is therefore either counted (and runs) or sees the bit (and returns
 * false): the close's linearization point is the CAS that sets the bit. A close on the loop sets the
 * bit and {@code shut} at once: messages accepted before it and not yet run are dropped (contract 10).
 *
 * <h2>Threading</h2>
 * <ul>
 *   <li>{@code sent}: senders and closers on any thread, only through {@code SENT}: {@code getAcquire}
 *       ({@link #lvSent}) and {@code compareAndSet} ({@link #casSent}); the loop reads it with
 *       {@code getAcquire} after the closed bit is set, when it no longer changes.</li>
 *   <li>{@code ran}, {@code closeAt}, {@code shut}, {@code cellWaits}: plain, on the loop only (the loop
 *       runs one message at a time; a pooled loop moving between threads publishes everything).</li>
 *   <li>{@code cell}, {@code owner}: final. The sender and loop groups sit on cache lines of their own:
 *       senders never read the loop's line, and the loop writes {@code ran} on every message.</li>
 * </ul>
 * Not guaranteed: if the loop itself rejects an accepted message (it closed), {@code ran} never
 * reaches N; a close still pending then never takes effect, which does no harm: nothing runs on a
 * closed loop, and its close hooks close the targets {@link Proxy#create} made.
 */
final class Channel extends ChannelPad2 {
    private static final long CLOSED = Long.MIN_VALUE;
    private static final VarHandle SENT;

    static {
        try {
            SENT = MethodHandles.lookup().findVarHandle(ChannelSenderFields.class, "sent", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    Channel(Cell cell, boolean owner) {
        super(cell, owner);
    }

    private long lvSent() {
        return (long) SENT.getAcquire(this);
    }

    private boolean casSent(long expect, long update) {
        return SENT.compareAndSet(this, expect, update);
    }

    // ---- senders, any thread ----

    /** Counts one message as accepted; false once the channel is closed (the message must not be sent). */
    boolean accept() {
        for (;;) {
            long s = lvSent();
            if (s < 0) return false; // CLOSED is the sign bit
            if (casSent(s, s + 1)) return true;
        }
    }

    /** Sets the closed bit; true if this call set it. */
    boolean stopAccepting() {
        for (;;) {
            long s = lvSent();
            if (s < 0) return false;
            if (casSent(s, s | CLOSED)) return true;
        }
    }

    boolean isClosedForSenders() {
        return lvSent() < 0;
    }

    // ---- the loop ----

    /** The target a message of this channel runs on now: null if closed or dead, see {@link Cell#targetOnLoop}. */
    Object targetOnLoop() {
        return shut ? null : cell.targetOnLoop();
    }

    /** Why a message of this channel did not run. */
    RejectedCallException rejection() {
        return cell.isDeadOnLoop() ? cell.rejection() : new RejectedCallException(RejectedCallException.Reason.TARGET_CLOSED);
    }

    /** After each message of this channel, run or dropped. */
    void ran() {
        if (++ran == closeAt) {
            closeAt = -1;
            finish(false);
        }
    }

    /** The close message of a close from elsewhere: takes effect now if every accepted message ran. */
    void closeFromElsewhere() {
        if (shut) return;
        long n = lvSent() & ~CLOSED; // final: the bit is set
        if (ran >= n) finish(false);
        else closeAt = n;
    }

    /** A close on the loop: at once, whatever is still queued (the bit must be set already). */
    void closeNow() {
        if (shut) return;
        closeAt = -1;
        finish(true);
    }

    /**
     * The cell closes once every message accepted through its channels ran: stop this one and say
     * whether the cell must wait for it (then {@link Cell#channelDrained} follows).
     */
    boolean joinCellClose() {
        if (shut) return false;
        stopAccepting();
        long n = lvSent() & ~CLOSED;
        if (ran >= n) {
            shut = true;
            return false;
        }
        closeAt = n;
        cellWaits = true;
        return true;
    }

    /** Shuts this channel; the owner's also closes the target: at once, or once other channels drained. */
    private void finish(boolean atOnce) {
        shut = true;
        if (owner) {
            if (atOnce) cell.close(RejectedCallException.Reason.TARGET_CLOSED);
            else cell.closeWhenDrained();
        }
        if (cellWaits) {
            cellWaits = false;
            cell.channelDrained();
        }
    }
}
