package dev.backstop.engine;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscribers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * SQLite Cloud's Weblite API for whole database files, over the JDK's HTTP client: download
 * ({@code GET}), upload a new one ({@code POST}), replace one ({@code PATCH}) and delete one
 * ({@code DELETE /v2/weblite/NAME}). Files stream to and from disk, so memory stays bounded. The key
 * goes only into the Authorization header, and no error names it.
 */
final class SqliteCloudApi {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
    private static final int NOT_FOUND = 404;

    private final String base;
    private final String authorization;
    private final HttpClient client;

    /** The project at {@code url} ({@code https://HOST}), reached with {@code apiKey}. */
    SqliteCloudApi(String url, String apiKey) {
        URI address = URI.create(url);
        this.base = address.getScheme() + "://" + address.getRawAuthority() + "/v2/weblite/";
        this.authorization = "Bearer sqlitecloud://" + address.getHost() + ":8860?apikey=" + apiKey;
        this.client = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
    }

    /** Downloads {@code database} into {@code file}; false (and no file) when the project has no such database. */
    boolean download(String database, Path file) throws IOException {
        HttpResponse<Path> response = send(request(database).GET(), "download", database,
                info -> info.statusCode() == 200 ? BodySubscribers.ofFile(file)
                        : BodySubscribers.replacing(file));
        if (response.statusCode() == NOT_FOUND) {
            Files.deleteIfExists(file);
            return false;
        }
        require(response.statusCode(), "download", database);
        return true;
    }

    /** Uploads {@code file} as the new database {@code database} ({@code POST}). */
    void create(String database, Path file) throws IOException {
        upload("POST", database, file);
    }

    /** Replaces the existing database {@code database} with {@code file} ({@code PATCH}). */
    void replace(String database, Path file) throws IOException {
        upload("PATCH", database, file);
    }

    /** Deletes {@code database}; a database that is not there is not an error. */
    void delete(String database) throws IOException {
        int status = send(request(database).DELETE(), "delete", database,
                info -> BodySubscribers.discarding()).statusCode();
        if (status != NOT_FOUND) {
            require(status, "delete", database);
        }
    }

    private void upload(String method, String database, Path file) throws IOException {
        int status = send(request(database).method(method, HttpRequest.BodyPublishers.ofFile(file))
                        .header("Content-Type", "application/octet-stream"), "upload", database,
                info -> BodySubscribers.discarding()).statusCode();
        require(status, "upload", database);
    }

    private HttpRequest.Builder request(String database) {
        return HttpRequest.newBuilder(URI.create(base + database)).header("Authorization", authorization);
    }

    private <T> HttpResponse<T> send(HttpRequest.Builder request, String what, String database,
                                     HttpResponse.BodyHandler<T> body) throws IOException {
        try {
            return client.send(request.build(), body);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IOException("the " + what + " of " + database + " was interrupted", interrupted);
        } catch (IOException failed) {
            throw new IOException("cannot " + what + " " + database + " at " + base + ": " + failed.getClass().getSimpleName()
                    + (failed.getMessage() == null ? "" : " " + failed.getMessage())
                    + "; check the database's url and the network", failed);
        }
    }

    /** Throws the one-line error for a status other than 2xx: what SQLite Cloud answered and what to do. */
    private void require(int status, String what, String database) throws IOException {
        if (status / 100 == 2) {
            return;
        }
        String next = switch (status) {
            case 401, 403 -> "check the database's api_key and that the key may read and write " + database;
            case NOT_FOUND -> "check the database name (" + database + " is not in the project)";
            case 409 -> "a database named " + database + " already exists; pick another name";
            default -> status >= 500 ? "SQLite Cloud failed; retry later, or check the project's status"
                    : "check the database's url and settings";
        };
        throw new IOException("SQLite Cloud answered HTTP " + status + " to the " + what + " of " + database + "; " + next);
    }
}
