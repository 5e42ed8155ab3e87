package dev.loopcore.jmh.peers;

import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.concurrent.DefaultEventExecutor;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.EventExecutorGroup;

import java.util.concurrent.TimeUnit;

/** Netty: a one-thread {@link NioEventLoopGroup}'s loop, or a {@link DefaultEventExecutor}. */
public final class NettyPeer implements Peer {
    private final EventExecutorGroup group;
    private final EventExecutor executor;
    private final String name;

    private NettyPeer(EventExecutorGroup group, EventExecutor executor, String name) {
        this.group = group;
        this.executor = executor;
        this.name = name;
    }

    static NettyPeer nio() {
        NioEventLoopGroup g = new NioEventLoopGroup(1, new DefaultThreadFactory("peer-netty-nio", true));
        return new NettyPeer(g, g.next(), "peer-netty-nio");
    }

    static NettyPeer executor() {
        DefaultEventExecutor e = new DefaultEventExecutor(new DefaultThreadFactory("peer-netty-executor", true));
        return new NettyPeer(e, e, "peer-netty-executor");
    }

    @Override
    public void post(Runnable task) {
        executor.execute(task);
    }

    @Override
    public String threadNamePrefix() {
        return name;
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
}
