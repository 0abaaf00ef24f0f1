package io.github.camelvenc.examples.kafka;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.component.kafka.consumer.CommitManager;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;
import org.apache.camel.component.kafka.consumer.KafkaManualCommitFactory;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The offset commits of the frames topic: the route commits each frame, synchronously, after its access
 * unit (or error report) was acknowledged by the broker. Being a custom manual commit factory, it also
 * makes Camel's consumer leave every commit to the route (no commit of its own after a batch).
 *
 * <p>While the group rebalances the broker refuses commits until the consumer's next {@code poll};
 * such a commit is kept pending and made when the partition is revoked (inside {@code poll}, where
 * commits are allowed) or superseded by the partition's next commit. A commit that fails because this
 * instance was no longer a member only means the partition's next owner encodes that frame again: the
 * guarantee stays at-least-once.
 */
@ApplicationScoped
@Named("offsetCommits")
public class OffsetCommits implements KafkaManualCommitFactory {
    private static final Logger LOG = LoggerFactory.getLogger(OffsetCommits.class);

    private final Map<TopicPartition, OffsetAndMetadata> pending = new ConcurrentHashMap<>();

    @Override
    public KafkaManualCommit newInstance(CamelExchangePayload exchange, KafkaRecordPayload record,
            CommitManager commitManager) {
        return () -> commit(exchange.consumer, record.partition, record.recordOffset,
                Duration.ofMillis(record.commitTimeout));
    }

    private void commit(Consumer<?, ?> consumer, TopicPartition partition, long offset, Duration timeout) {
        OffsetAndMetadata next = new OffsetAndMetadata(offset + 1);
        try {
            consumer.commitSync(Map.of(partition, next), timeout);
            pending.remove(partition);
        } catch (RebalanceInProgressException e) {
            pending.put(partition, next);
            LOG.debug("Commit of {} at {} deferred: the group is rebalancing", partition, next.offset());
        } catch (CommitFailedException e) {
            pending.remove(partition);
            LOG.warn("Commit of {} at {} refused ({}): the partition's next owner encodes from the last committed "
                    + "offset again", partition, next.offset(), e.getMessage());
        }
    }

    /**
     * Inside a rebalance callback: commits what is pending for these partitions. A commit the broker or
     * the client refuses (a {@link KafkaException}) is logged and only means the next owners encode those
     * frames again; a wakeup or interrupt (the consumer is stopping), a programming error and an
     * {@link Error} go on to the caller, whose listener closes the channels whatever happens.
     */
    void commitPending(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition tp : partitions) {
            OffsetAndMetadata o = pending.remove(tp);
            if (o != null) {
                offsets.put(tp, o);
            }
        }
        if (offsets.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(offsets);
            LOG.info("Committed deferred offsets {}", offsets);
        } catch (WakeupException | InterruptException e) {
            // the consumer is being stopped: Kafka's rebalance listener contract lets these through to poll
            throw e;
        } catch (KafkaException e) {
            LOG.warn("Deferred commit of {} failed ({}): the next owners encode from the last committed offsets again",
                    offsets, e.getMessage());
        }
    }

    /** Forgets what is pending for partitions this instance lost (it cannot commit them any more). */
    void forget(Collection<TopicPartition> partitions) {
        partitions.forEach(pending::remove);
    }
}
