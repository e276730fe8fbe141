package dev.backstop.pipeline;

import dev.backstop.core.BackupId;
import dev.backstop.core.ObjectKey;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Where a backup's objects live: {@code PREFIX/DB/YYYY/MM/DD/ID.zst.age} and {@code ID.manifest.json} beside it. */
public final class ObjectLayout {

    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS");

    private final String prefix;

    /** {@code prefix} may be empty; it is the store-wide folder that every database sits under. */
    public ObjectLayout(String prefix) {
        this.prefix = prefix == null || prefix.isEmpty() ? "" : prefix + "/";
    }

    public ObjectKey dataKey(String database, BackupId id) {
        return new ObjectKey(folder(database, id) + id.value() + ".zst.age");
    }

    public ObjectKey manifestKey(String database, BackupId id) {
        return new ObjectKey(folder(database, id) + id.value() + ".manifest.json");
    }

    /** Where a drill's evidence lives: {@code PREFIX/DB/drills/DRILLID.json}. */
    public ObjectKey drillEvidenceKey(String database, String drillId) {
        return new ObjectKey(prefix + database + "/drills/" + drillId + ".json");
    }

    /** A key under the database's folder that is never written; a store that can answer a head of it is reachable. */
    public ObjectKey probeKey(String database) {
        return new ObjectKey(prefix + database + "/.backstop-probe");
    }

    /** The folder every object of {@code database} sits under, ending in a slash. */
    public String databaseFolder(String database) {
        return prefix + database + "/";
    }

    /**
     * The backup id in {@code key} when it is a data object or manifest of {@code database} in this
     * layout, its date folder matching the id; empty for every other key.
     */
    public Optional<String> backupIdOf(String database, String key) {
        if (!key.startsWith(databaseFolder(database))) {
            return Optional.empty();
        }
        String name = key.substring(key.lastIndexOf('/') + 1);
        String id = name.endsWith(".zst.age") ? name.substring(0, name.length() - ".zst.age".length())
                : name.endsWith(".manifest.json") ? name.substring(0, name.length() - ".manifest.json".length()) : "";
        if (!BackupId.looksValid(id)) {
            return Optional.empty();
        }
        BackupId parsed;
        try {
            parsed = new BackupId(id, LocalDateTime.parse(id.substring(0, 18), ID_TIME).toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException notATime) {
            return Optional.empty();
        }
        boolean ours = key.equals(dataKey(database, parsed).path()) || key.equals(manifestKey(database, parsed).path());
        return ours ? Optional.of(id) : Optional.empty();
    }

    private String folder(String database, BackupId id) {
        ZonedDateTime at = id.createdAt().atZone(ZoneOffset.UTC);
        return String.format("%s%s/%04d/%02d/%02d/", prefix, database, at.getYear(), at.getMonthValue(),
                at.getDayOfMonth());
    }
}
