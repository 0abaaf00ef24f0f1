package io.github.camelvenc.engine.ascend;

import java.util.ArrayList;
import java.util.List;

import io.github.camelvenc.engine.Packet;
import io.github.camelvenc.engine.PacketSink;
import io.github.camelvenc.engine.VencException;

/** A sink that keeps every packet and error, optionally slow. */
final class Collector implements PacketSink {
    final List<Packet> packets = new ArrayList<>();
    final List<VencException> errors = new ArrayList<>();
    final List<Long> errorFrames = new ArrayList<>();
    private final long delayMs;

    Collector() {
        this(0);
    }

    Collector(long delayMs) {
        this.delayMs = delayMs;
    }

    @Override
    public synchronized void onPacket(Packet packet) {
        if (delayMs > 0) {
            try {
                Thread.sleep(delayMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        packets.add(packet);
    }

    @Override
    public synchronized void onError(long frameIndex, long pts, VencException error) {
        errorFrames.add(frameIndex);
        errors.add(error);
    }

    synchronized List<Packet> encoded() {
        return packets.stream().filter(p -> !p.isDropped()).toList();
    }
}
