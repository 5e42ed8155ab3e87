package dev.loopcore;

import org.jctools.queues.varhandle.MpmcVarHandleArrayQueue;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An example {@link RefCounted}: a {@link ByteBuffer} that goes back to its {@link Pool} when its last
 * reference is released, so buffers streamed between loops are reused instead of allocated.
 *
 * <pre>{@code
 * PooledBuffer.Pool pool = new PooledBuffer.Pool(64, 4096);
 * PooledBuffer b = pool.acquire();            // count 1: ours
 * b.buffer().putLong(42).flip();
 * consumer.post(Sink::consume, sink, b);      // the message owns it now; released after consume()
 * }</pre>
 *
 * <p>Threading: a buffer's contents follow the usual hand-off rule (written before the post, read by
 * the task); {@link Pool#acquire()} and releases may happen on any threads.
 */
public final class PooledBuffer extends AbstractRefCounted {
    private final Pool pool;
    private final ByteBuffer buffer;

    private PooledBuffer(Pool pool, int size) {
        this.pool = pool;
        this.buffer = ByteBuffer.allocateDirect(size);
    }

    /** {@return the direct buffer; valid while you hold a reference, cleared when it returns to the pool} */
    public ByteBuffer buffer() {
        return buffer;
    }

    @Override
    protected void deallocate() {
        buffer.clear();
        pool.free.relaxedOffer(this); // a full pool drops it to the GC
    }

    /**
     * A bounded pool of buffers of one size. Threading: any thread may acquire; buffers return from
     * whichever thread releases them last.
     */
    public static final class Pool {
        private final MpmcVarHandleArrayQueue<PooledBuffer> free;
        private final int bufferSize;
        private final AtomicLong allocated = new AtomicLong();

        /**
         * Creates an empty pool; buffers are allocated on demand.
         *
         * @param capacity   how many free buffers the pool keeps (rounded up to a power of two, at least
         *                   2); buffers released while it is full are left to the garbage collector
         * @param bufferSize the size in bytes of every buffer
         * @throws IllegalArgumentException if {@code capacity} or {@code bufferSize} is less than 1
         */
        public Pool(int capacity, int bufferSize) {
            if (capacity < 1) throw new IllegalArgumentException("capacity must be >= 1: " + capacity);
            if (bufferSize < 1) throw new IllegalArgumentException("bufferSize must be >= 1: " + bufferSize);
            this.free = new MpmcVarHandleArrayQueue<>(Math.max(2, capacity));
            this.bufferSize = bufferSize;
        }

        /**
         * Takes a free buffer, or allocates one if none is free.
         *
         * @return a buffer with a count of 1, owned by the caller
         */
        public PooledBuffer acquire() {
            PooledBuffer b = free.relaxedPoll();
            if (b != null) {
                b.revive();
                return b;
            }
            allocated.incrementAndGet(); // deliberate: the pool grows to the number of buffers in flight
            return new PooledBuffer(this, bufferSize);
        }

        /** {@return how many buffers this pool ever allocated (not reused)} */
        public long allocated() {
            return allocated.get();
        }
    }

    @Override
    public String toString() {
        return "PooledBuffer[" + buffer.capacity() + " bytes, refCount=" + refCount() + "]";
    }
}
