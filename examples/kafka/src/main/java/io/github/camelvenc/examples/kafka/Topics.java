package io.github.camelvenc.examples.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * Creates the example's topics with a number of partitions (replication factor 1: a one-broker
 * setup). Run it: {@code java -cp <classpath> io.github.camelvenc.examples.kafka.Topics
 * 127.0.0.1:9092 4 camera-frames camera-streams camera-frame-errors}.
 */
public final class Topics {
    private Topics() {
    }

    /** Creates each topic with {@code partitions} partitions and waits until the broker has them all. */
    public static void create(String brokers, int partitions, List<String> topics)
            throws InterruptedException, ExecutionException, TimeoutException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers))) {
            List<NewTopic> news = new ArrayList<>();
            for (String t : topics) {
                news.add(new NewTopic(t, partitions, (short) 1));
            }
            admin.createTopics(news).all().get(60, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!admin.listTopics().names().get(60, TimeUnit.SECONDS).containsAll(Set.copyOf(topics))) {
                if (System.nanoTime() > deadline) {
                    throw new TimeoutException("topics " + topics + " not listed by the broker within 60 s");
                }
                Thread.sleep(100);
            }
        }
    }

    /** {@code brokers partitions topic...}. */
    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: Topics <brokers> <partitions> <topic>...");
            System.exit(2);
        }
        List<String> topics = List.of(args).subList(2, args.length);
        create(args[0], Integer.parseInt(args[1]), topics);
        System.out.println("created " + topics + " with " + args[1] + " partitions each");
    }
}
