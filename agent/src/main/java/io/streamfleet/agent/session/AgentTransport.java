package io.streamfleet.agent.session;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.util.concurrent.TimeUnit;

/** How the agent opens a channel to a server: plaintext (development) or mutual TLS. */
@FunctionalInterface
public interface AgentTransport {
  ManagedChannel open(String target);

  /** Plaintext: {@code streamfleet dev} and tests on one machine. */
  AgentTransport PLAINTEXT = target -> withKeepAlive(NettyChannelBuilder.forTarget(target).usePlaintext()).build();

  static NettyChannelBuilder withKeepAlive(NettyChannelBuilder b) {
    return b.keepAliveTime(10, TimeUnit.SECONDS).keepAliveTimeout(5, TimeUnit.SECONDS);
  }
}
