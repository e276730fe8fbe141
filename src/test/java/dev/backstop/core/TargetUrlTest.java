package dev.backstop.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Database URLs compare by what they connect to, not by how they are written. */
class TargetUrlTest {

    private static TargetUrl url(String text) {
        return TargetUrl.parse(text);
    }

    @Test
    void scheme_host_case_default_port_and_trailing_dot_are_normalised() {
        TargetUrl configured = url("postgresql://app@db.internal/shop");
        assertEquals(List.of("db.internal:5432"), configured.servers());
        assertTrue(url("POSTGRES://app@DB.Internal.:5432/shop").sameAddress(configured));
        assertTrue(url("postgresql://app:pw@db.internal/shop").sameAddress(configured), "the password is not compared");
        assertTrue(url("postgresql://app:pw@db.internal/shop").hasPassword());
        assertTrue(url("postgresql://app@db.internal/shop?password=x").hasPassword());
        assertFalse(configured.hasPassword());
        assertFalse(url("postgresql://app@db.internal/Shop").sameAddress(configured), "database names are exact");
        assertFalse(url("postgresql://admin@db.internal/shop").sameAddress(configured));
        assertFalse(url("postgresql://app@db.internal:5433/shop").sameAddress(configured));
        assertFalse(url("postgresql://app@db.internal/shop?host=evil.example").sameAddress(configured));
    }

    @Test
    void one_database_is_the_same_place_however_its_server_is_named() {
        TargetUrl production = url("postgresql://app@127.0.0.1:5432/shopprod");
        assertTrue(url("postgresql://other@LOCALHOST/shopprod").samePlace(production), "localhost is 127.0.0.1");
        assertTrue(url("postgresql:///shopprod").samePlace(production), "the local socket is the local server");
        assertTrue(url("postgresql://x@%2Fvar%2Frun%2Fpostgresql/shopprod").samePlace(production));
        assertTrue(url("postgresql://x@elsewhere/y?host=127.0.0.1&dbname=shopprod").samePlace(production),
                "connection parameters move the connection");
        assertTrue(url("postgresql://x@h1.example,127.0.0.1/shopprod").samePlace(production));
        assertFalse(url("postgresql://app@127.0.0.1:5433/shopprod").samePlace(production));
        assertFalse(url("postgresql://app@127.0.0.1/shopcopy").samePlace(production));
        assertFalse(url("postgresql://app@192.0.2.7/shopprod").samePlace(production));
    }

    @Test
    void numeric_host_spellings_the_wildcard_address_and_zero_padded_ports_are_the_same_server() {
        TargetUrl production = url("postgresql://postgres@127.0.0.1:15432/prod");
        for (String spelled : List.of("postgresql://postgres@0.0.0.0:15432/prod",
                "postgresql://postgres@127.0.0.1:015432/prod", "postgresql://postgres@127.0.0.1/prod?port=015432",
                "postgresql://postgres@0x7f000001:15432/prod", "postgresql://postgres@2130706433:15432/prod",
                "postgresql://postgres@0177.0.0.1:15432/prod", "postgresql://postgres@127.1:15432/prod",
                "postgresql://postgres@[::]:15432/prod", "postgresql://postgres@[::1]:15432/prod")) {
            assertTrue(url(spelled).samePlace(production), spelled);
        }
        for (String spelled : List.of("postgresql://postgres@127.0.0.1:+15432/prod",
                "postgresql://postgres@127.0.0.1/prod?port=+15432", "postgresql://postgres@127.0.0.1/prod?port=%2B15432",
                "postgresql://postgres@127.0.0.1:%3515432/prod", "postgresql://postgres@127.0.0.1:15432%20/prod",
                "postgresql://postgres@127.0.0.1:0000000015432/prod", "postgresql://postgres@127.0.0.1:15x/prod")) {
            assertTrue(url(spelled).samePlace(production), spelled + ": a port read as a number, or else any port");
        }
        assertEquals(List.of("127.0.0.1:15432"), url("postgresql://x@0x7f000001:015432/prod").servers());
        assertFalse(url("postgresql://postgres@127.0.0.1:15433/prod").samePlace(production));
        assertFalse(url("postgresql://postgres@0x7f000001:15432/other").samePlace(production));
    }
}
