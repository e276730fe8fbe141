package dev.backstop.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A restore into one D1 database through its import API. The dump is first spooled to a temp file in
 * the work folder (bounded memory), without its {@code BEGIN TRANSACTION;}/{@code COMMIT;} lines (D1
 * imports refuse them), and its MD5 taken; only then is the target touched. The target's bookmark is
 * noted, its tables and views dropped, and the file imported ({@code init}, upload, {@code ingest},
 * {@code poll}). Any failure after the bookmark puts the database back to it with Time Travel.
 */
final class D1Restore {

    private final D1Api api;
    private final Path workDir;
    private final D1Polls polls;

    D1Restore(D1Api api, Path workDir, D1Polls polls) {
        this.api = api;
        this.workDir = workDir;
        this.polls = polls;
    }

    void restore(InputStream dump, D1Database target) throws IOException {
        Files.createDirectories(workDir);
        Path spool = Files.createTempFile(workDir, ".backstop-d1-import-", ".sql");
        try {
            String md5 = spool(dump, spool);
            String noted = target.bookmark();
            try {
                clear(target);
                load(target, spool, md5);
            } catch (IOException | RuntimeException failed) {
                try {
                    target.restoreTo(noted);
                } catch (IOException | RuntimeException notBack) {
                    failed.addSuppressed(notBack);
                    throw new IOException(failed.getMessage() + "; putting d1://" + target.id() + " back to bookmark "
                            + noted + " failed too (" + notBack.getMessage() + "): restore that bookmark with"
                            + " `wrangler d1 time-travel restore`", failed);
                }
                throw new IOException(failed.getMessage() + "; d1://" + target.id() + " was put back to bookmark "
                        + noted + " as it was before", failed);
            }
        } finally {
            Files.deleteIfExists(spool);
        }
    }

    /** Copies {@code dump} to {@code spool} line by line without transaction lines; the MD5 hex of what was written. */
    static String spool(InputStream dump, Path spool) throws IOException {
        MessageDigest md5;
        try {
            md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException missing) {
            throw new IllegalStateException(missing);
        }
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(dump, StandardCharsets.UTF_8));
             BufferedWriter out = new BufferedWriter(new OutputStreamWriter(
                     new DigestOutputStream(Files.newOutputStream(spool), md5), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                String bare = line.strip();
                if (bare.equalsIgnoreCase("BEGIN TRANSACTION;") || bare.equalsIgnoreCase("COMMIT;")) {
                    continue;
                }
                out.write(line);
                out.write('\n');
            }
        }
        return HexFormat.of().formatHex(md5.digest());
    }

    private static void clear(D1Database target) throws IOException {
        List<String> views = target.column("SELECT name FROM sqlite_master WHERE type='view'");
        List<String> tables = target.tables();
        if (views.isEmpty() && tables.isEmpty()) {
            return;
        }
        String drops = views.stream().map(view -> "DROP VIEW IF EXISTS " + D1Database.identifier(view) + ";")
                .collect(Collectors.joining(" "))
                + " " + tables.stream().map(table -> "DROP TABLE IF EXISTS " + D1Database.identifier(table) + ";")
                .collect(Collectors.joining(" "));
        target.query("PRAGMA defer_foreign_keys = on; " + drops.strip());
    }

    private void load(D1Database target, Path spool, String md5) throws IOException {
        JsonNode init = api.call("POST", target.path("/import"), D1Api.body().put("action", "init").put("etag", md5))
                .result();
        String uploadUrl = init.path("upload_url").asText("");
        String filename = init.path("filename").asText("");
        if (uploadUrl.isEmpty() || filename.isEmpty()) {
            throw new IOException("D1 import of d1://" + target.id() + " gave no upload_url; try the restore again");
        }
        String etag = api.upload(uploadUrl, spool);
        if (!etag.equalsIgnoreCase(md5)) {
            throw new IOException("D1 import upload of d1://" + target.id() + " was stored with ETag " + etag
                    + " but the dump's MD5 is " + md5 + "; the upload was damaged, try the restore again");
        }
        JsonNode answer = api.call("POST", target.path("/import"), D1Api.body().put("action", "ingest")
                .put("etag", md5).put("filename", filename)).result();
        for (int poll = 0; ; poll++) {
            String status = answer.path("status").asText("");
            if (status.equals("complete")) {
                return;
            }
            if (status.equals("error")) {
                throw new IOException("D1 import into d1://" + target.id() + " failed: "
                        + answer.path("error").asText(answer.path("messages").toString())
                        + "; check that the backup was taken from a D1 or SQLite database");
            }
            polls.waitBefore(poll, "import into d1://" + target.id());
            answer = api.call("POST", target.path("/import"), D1Api.body().put("action", "poll")
                    .put("current_bookmark", answer.path("at_bookmark").asText(""))).result();
        }
    }
}
