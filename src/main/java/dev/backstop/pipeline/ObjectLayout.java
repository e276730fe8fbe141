package dev.backstop.pipeline;

import dev.backstop.core.BackupId;
import dev.backstop.core.ObjectKey;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/** Where a backup's objects live: {@code PREFIX/DB/YYYY/MM/DD/ID.zst.age} and {@code ID.manifest.json} beside it. */
public final class ObjectLayout {

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

    private String folder(String database, BackupId id) {
        ZonedDateTime at = id.createdAt().atZone(ZoneOffset.UTC);
        return String.format("%s%s/%04d/%02d/%02d/", prefix, database, at.getYear(), at.getMonthValue(),
                at.getDayOfMonth());
    }
}
