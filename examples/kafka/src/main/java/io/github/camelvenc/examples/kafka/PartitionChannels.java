package io.github.camelvenc.examples.kafka;

import io.github.camelvenc.camel.VencEndpoint;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.support.subcription.SubscribeAdapter;
import org.apache.camel.component.kafka.consumer.support.subcription.TopicInfo;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebalance handling: which partition each camera's frames come from, and, when partitions are
 * revoked or lost, the flush and close of the channels of their cameras, so that the new owner starts
 * each of them on a fresh channel (an IDR, sequence 0, a new segment). Commits the route had to defer
 * during the rebalance are made for the revoked partitions first ({@link OffsetCommits}). Camel's
 * Kafka consumer finds this bean by its name {@value KafkaConstants#KAFKA_SUBSCRIBE_ADAPTER} and
 * subscribes through it; Camel's own rebalance listener still runs, after ours.
 *
 * <p>The route processes one record at a time on the consumer thread and commits each frame after its
 * access unit is produced, and the rebalance callbacks run on that thread inside {@code poll}: when a
 * partition is revoked no frame of it is in flight and everything produced is committed.
 */
@ApplicationScoped
@Named(KafkaConstants.KAFKA_SUBSCRIBE_ADAPTER)
public class PartitionChannels implements SubscribeAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(PartitionChannels.class);

    private final Map<String, Integer> cameraPartition = new ConcurrentHashMap<>();
    private final OffsetCommits offsetCommits;
    private volatile String framesTopic;
    private volatile VencEndpoint encoder;

    PartitionChannels(OffsetCommits offsetCommits) {
        this.offsetCommits = offsetCommits;
    }

    /** The frames topic and the encoder whose channels follow its partitions. */
    void attach(String topic, VencEndpoint endpoint) {
        this.framesTopic = topic;
        this.encoder = endpoint;
    }

    /** Records that the camera's frames come from this partition of the frames topic. */
    void seen(String camera, Integer partition) {
        if (partition != null) {
            cameraPartition.put(camera, partition);
        }
    }

    @Override
    public void subscribe(Consumer<?, ?> consumer, ConsumerRebalanceListener camelListener, TopicInfo topicInfo) {
        ConsumerRebalanceListener listener = new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                try {
                    offsetCommits.commitPending(consumer, partitions);
                } finally {
                    // whatever the deferred commit threw, the next owner must start these cameras afresh
                    closeChannels(partitions, "revoked");
                    camelListener.onPartitionsRevoked(partitions);
                }
            }

            @Override
            public void onPartitionsLost(Collection<TopicPartition> partitions) {
                offsetCommits.forget(partitions);
                closeChannels(partitions, "lost");
                camelListener.onPartitionsLost(partitions);
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                if (!partitions.isEmpty()) {
                    LOG.info("Partitions assigned: {}", partitions);
                }
                camelListener.onPartitionsAssigned(partitions);
            }
        };
        if (topicInfo.isPattern()) {
            consumer.subscribe(topicInfo.getPattern(), listener);
        } else {
            consumer.subscribe(topicInfo.getTopics(), listener);
        }
    }

    /** Flushes and closes the channels of the cameras of these partitions. */
    private void closeChannels(Collection<TopicPartition> partitions, String how) {
        if (partitions.isEmpty()) {
            return;
        }
        VencEndpoint endpoint = encoder;
        List<String> closed = new ArrayList<>();
        for (TopicPartition tp : partitions) {
            if (!tp.topic().equals(framesTopic)) {
                continue;
            }
            cameraPartition.forEach((camera, partition) -> {
                if (partition == tp.partition() && cameraPartition.remove(camera, partition)) {
                    if (endpoint != null && endpoint.closeChannel(camera, "partition " + tp + " " + how)) {
                        closed.add(camera);
                    }
                }
            });
        }
        LOG.info("Partitions {}: {}; closed the channels of cameras {}", how, partitions, closed);
    }
}
