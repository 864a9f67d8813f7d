package org.inotifyjfr.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * The job's folders and steps. inbox/ receives orders (written as .part, then renamed), work/
 * gets each result (likewise), archive/DAY/ keeps processed orders, and only the newest
 * {@link #KEEP_ARCHIVED} archived orders are kept.
 */
final class Inbox {
    static final int KEEP_ARCHIVED = 200;

    /** Counts of what the job did. */
    static final class Totals {
        long processed;
        long archived;
        long pruned;
    }

    private final Path inbox;
    private final Path results;
    private final Path archive;
    private final Deque<Path> archived = new ArrayDeque<>();
    private final Random random = new Random(42);
    private final Totals totals = new Totals();
    private long nextOrder;

    private Inbox(Path inbox, Path results, Path archive) {
        this.inbox = inbox;
        this.results = results;
        this.archive = archive;
    }

    static Inbox create(Path work) throws IOException {
        return new Inbox(Files.createDirectories(work.resolve("inbox")), Files.createDirectories(work.resolve("work")),
                Files.createDirectories(work.resolve("archive")));
    }

    /** An order arrives: written to a temp file, then renamed so readers never see half of it. */
    void receive() throws IOException {
        long id;
        synchronized (this) {
            id = nextOrder++;
        }
        StringBuilder order = new StringBuilder("{\"order\":" + id + ",\"lines\":[");
        int lines = 20 + random.nextInt(80);
        for (int i = 0; i < lines; i++) {
            order.append(i == 0 ? "" : ",").append("{\"sku\":\"SKU-").append(random.nextInt(500))
                    .append("\",\"qty\":").append(1 + random.nextInt(9)).append('}');
        }
        order.append("]}");
        Path part = inbox.resolve(".order-" + id + ".part");
        Files.writeString(part, order);
        InboxDemo.moveAtomically(part, inbox.resolve("order-" + id + ".json"));
    }

    /** Processes every order waiting in the inbox; returns how many. */
    int processWaiting() throws IOException {
        List<Path> waiting = new ArrayList<>();
        try (DirectoryStream<Path> orders = Files.newDirectoryStream(inbox, "order-*.json")) {
            orders.forEach(waiting::add);
        }
        for (Path order : waiting) {
            process(order);
        }
        return waiting.size();
    }

    Totals totals() {
        return totals;
    }

    private void process(Path order) throws IOException {
        String text = Files.readString(order);
        String result = summarize(text);
        String name = order.getFileName().toString().replace(".json", "");
        Path part = results.resolve("." + name + ".part");
        Files.writeString(part, result);
        InboxDemo.moveAtomically(part, results.resolve(name + ".result"));
        Path day = Files.createDirectories(archive.resolve("day-" + (totals.processed / 100)));
        Path archivedOrder = day.resolve(order.getFileName());
        InboxDemo.moveAtomically(order, archivedOrder);
        archived.addLast(archivedOrder);
        totals.processed++;
        totals.archived++;
        prune();
    }

    /** Deletes the oldest archived orders beyond the retention, and days left empty. */
    private void prune() throws IOException {
        while (archived.size() > KEEP_ARCHIVED) {
            Path oldest = archived.removeFirst();
            Files.deleteIfExists(oldest);
            Files.deleteIfExists(results.resolve(oldest.getFileName().toString().replace(".json", ".result")));
            totals.pruned++;
            Path day = oldest.getParent();
            try (DirectoryStream<Path> left = Files.newDirectoryStream(day)) {
                if (!left.iterator().hasNext()) {
                    Files.delete(day);
                }
            }
        }
    }

    /**
     * The CPU and allocation work: parse the order by hand into maps, total the quantities per
     * SKU, and hash the result many times over, as a pricing or signing step would.
     */
    private static String summarize(String order) {
        Map<String, Integer> perSku = new TreeMap<>();
        int i = 0;
        while ((i = order.indexOf("\"sku\":\"", i)) >= 0) {
            int start = i + 7;
            int end = order.indexOf('"', start);
            String sku = order.substring(start, end);
            int q = order.indexOf("\"qty\":", end) + 6;
            int qty = order.charAt(q) - '0';
            Map<String, Object> line = new HashMap<>();
            line.put("sku", sku);
            line.put("qty", qty);
            perSku.merge((String) line.get("sku"), (Integer) line.get("qty"), Integer::sum);
            i = end;
        }
        StringBuilder summary = new StringBuilder();
        perSku.forEach((sku, qty) -> summary.append(sku).append('=').append(qty).append('\n'));
        byte[] digest = summary.toString().getBytes(StandardCharsets.UTF_8);
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (int round = 0; round < 2_000; round++) {
                digest = sha.digest(digest);
            }
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return summary.append("signature=").append(java.util.HexFormat.of().formatHex(digest)).toString();
    }
}
