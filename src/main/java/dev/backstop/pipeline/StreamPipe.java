package dev.backstop.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Carries bytes from one thread to another through a bounded queue of 64 KiB chunks (1 MiB in
 * all), so two stages of a stream can run on two cores with bounded memory. A failure on either
 * side reaches the other: the reader sees the writer's error instead of the end, and the writer's
 * next write fails once the reader has given up.
 */
final class StreamPipe {

    private static final int CHUNK = 1 << 16;
    private static final byte[] END = new byte[0];

    private final BlockingQueue<byte[]> chunks = new ArrayBlockingQueue<>(16);
    private volatile Throwable writerFailure;
    private volatile boolean readerGone;

    /**
     * Marks the writing side as failed; the reader gets this failure instead of the end of the stream.
     * Chunks not yet read are dropped to make room for the end marker, so the failure reaches a reader
     * even when the queue is full (a cut stream's data is worthless anyway). Only the writer adds to
     * the queue, so once it calls this nothing can fill the room again.
     */
    void fail(Throwable failure) {
        writerFailure = failure;
        while (!chunks.offer(END)) {
            chunks.poll();
        }
    }

    /** The writing end. Closing it ends the stream for the reader. */
    OutputStream sink() {
        return new OutputStream() {
            private byte[] buffer = new byte[CHUNK];
            private int filled;
            private boolean closed;

            @Override
            public void write(int value) throws IOException {
                write(new byte[] {(byte) value}, 0, 1);
            }

            @Override
            public void write(byte[] data, int offset, int length) throws IOException {
                while (length > 0) {
                    int step = Math.min(length, CHUNK - filled);
                    System.arraycopy(data, offset, buffer, filled, step);
                    filled += step;
                    offset += step;
                    length -= step;
                    if (filled == CHUNK) {
                        hand(buffer);
                        buffer = new byte[CHUNK];
                        filled = 0;
                    }
                }
            }

            @Override
            public void close() throws IOException {
                if (closed) {
                    return;
                }
                closed = true;
                if (filled > 0) {
                    byte[] last = new byte[filled];
                    System.arraycopy(buffer, 0, last, 0, filled);
                    hand(last);
                    filled = 0;
                }
                hand(END);
            }
        };
    }

    private void hand(byte[] chunk) throws IOException {
        try {
            do {
                if (readerGone) {
                    throw new ReaderGoneException();
                }
            } while (!chunks.offer(chunk, 100, TimeUnit.MILLISECONDS));
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while streaming");
        }
    }

    /** The reading end. Closing it before the end makes the writer's next write fail. */
    InputStream source() {
        return new InputStream() {
            private byte[] current = new byte[0];
            private int position;
            private boolean ended;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] data, int offset, int length) throws IOException {
                if (length == 0) {
                    return 0;
                }
                while (position == current.length) {
                    if (ended) {
                        return -1;
                    }
                    current = take();
                    position = 0;
                    if (current == END) {
                        ended = true;
                        if (writerFailure != null) {
                            throw new IOException(Failures.describe(writerFailure), writerFailure);
                        }
                        return -1;
                    }
                }
                int step = Math.min(length, current.length - position);
                System.arraycopy(current, position, data, offset, step);
                position += step;
                return step;
            }

            @Override
            public void close() {
                readerGone = true;
                chunks.clear();
            }
        };
    }

    /** The reading stage stopped first; its own failure is the one to report. */
    static final class ReaderGoneException extends IOException {
        ReaderGoneException() {
            super("the next stage of the stream stopped");
        }
    }

    /** A producer running on its own thread, and what it will return. */
    record Production<T>(CompletableFuture<T> result, Thread thread) {
    }

    /**
     * Runs {@code producer} on its own thread, writing into this pipe's sink, while the caller
     * reads {@link #source()}. The sink is closed (ending the stream) only when the producer
     * succeeds; a failure is handed to the reader instead, so a cut stream never looks whole.
     */
    <T> Production<T> produce(String name, Producer<T> producer) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                OutputStream sink = sink();
                T value = producer.writeTo(sink);
                sink.close();
                result.complete(value);
            } catch (Throwable failure) {
                // Completed first, so a reader that sees the failure finds the producer's outcome settled.
                result.completeExceptionally(failure);
                fail(failure);
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
        return new Production<>(result, thread);
    }

    /**
     * Waits for the producer; its failure wins over {@code readerFailure} unless it only saw the reader
     * stop. When the reader failed first, the producer is interrupted, since one that is not writing
     * (a dump waiting on its source) would never notice the reader is gone. When the caller is
     * interrupted while waiting, the producer is interrupted too and the wait ends at once.
     */
    static <T> T join(Production<T> producer, Exception readerFailure) throws IOException {
        boolean stoppedByReader = readerFailure != null && !producer.result().isDone();
        if (stoppedByReader) {
            producer.thread().interrupt();
        }
        try {
            T value = producer.result().get();
            rethrow(readerFailure);
            return value;
        } catch (ExecutionException failed) {
            Throwable cause = failed.getCause();
            if (stoppedByReader || cause instanceof ReaderGoneException) {
                rethrow(readerFailure);
            }
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IOException(Failures.describe(cause), cause);
        } catch (InterruptedException interrupted) {
            producer.thread().interrupt();
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the stream");
        }
    }

    private static void rethrow(Exception failure) throws IOException {
        if (failure instanceof IOException io) {
            throw io;
        }
        if (failure instanceof RuntimeException runtime) {
            throw runtime;
        }
    }

    /** The writing stage of a pipe: writes everything to {@code sink} and returns what it learned. */
    @FunctionalInterface
    interface Producer<T> {
        T writeTo(OutputStream sink) throws Exception;
    }

    private byte[] take() throws IOException {
        try {
            return chunks.take();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while streaming");
        }
    }
}
