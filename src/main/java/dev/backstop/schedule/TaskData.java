package dev.backstop.schedule;

import com.github.kagkarlsson.scheduler.exceptions.SerializationException;
import com.github.kagkarlsson.scheduler.serializer.Serializer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;

/**
 * The data of Backstop's tasks in {@code scheduled_tasks}, in Java serialization as db-scheduler writes
 * it by default, read back only as {@link JobSlot} or {@link ChatOrder} (of strings and a boolean):
 * anything else in the table is refused unread, so whoever can write the catalog cannot make every
 * replica deserialize a class of their choosing (a gadget chain runs code).
 */
final class TaskData implements Serializer {

    private static final ObjectInputFilter ONLY_JOBS = ObjectInputFilter.Config.createFilter(
            "maxdepth=2;maxrefs=32;maxbytes=65536;" + JobSlot.class.getName() + ";" + ChatOrder.class.getName()
                    + ";java.lang.String;!*");

    @Override
    public byte[] serialize(Object data) {
        if (data == null) {
            return null;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(data);
        } catch (IOException failed) {
            throw new SerializationException("cannot write the data of a job", failed);
        }
        return bytes.toByteArray();
    }

    @Override
    public <T> T deserialize(Class<T> type, byte[] data) {
        if (data == null) {
            return null;
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(data))) {
            in.setObjectInputFilter(ONLY_JOBS);
            return type.cast(in.readObject());
        } catch (IOException | ClassNotFoundException | ClassCastException refused) {
            throw new SerializationException("the data of a job in scheduled_tasks is not a Backstop job", refused);
        }
    }
}
