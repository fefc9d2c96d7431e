package dev.polling.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class DescriptorTableTest {
    private final DescriptorTable table = new DescriptorTable();

    @Test
    void shouldStartEmpty() {
        assertEquals(0, table.size());
        assertNull(table.get(0));
        assertNull(table.get(-1));
        assertNull(table.get(Integer.MAX_VALUE));
    }

    @Test
    void shouldStoreAndFindOwners() {
        Object a = new Object();
        Object b = new Object();
        table.put(3, a);
        table.put(5, b);
        assertSame(a, table.get(3));
        assertSame(b, table.get(5));
        assertNull(table.get(4));
        assertEquals(2, table.size());
    }

    @Test
    void shouldReplaceWithoutCountingTwice() {
        Object a = new Object();
        Object b = new Object();
        table.put(3, a);
        table.put(3, b);
        assertSame(b, table.get(3));
        assertEquals(1, table.size());
    }

    @Test
    void shouldRemoveAndReturnPreviousOwner() {
        Object a = new Object();
        table.put(3, a);
        assertSame(a, table.remove(3));
        assertNull(table.get(3));
        assertEquals(0, table.size());
        assertNull(table.remove(3));
        assertNull(table.remove(-1));
        assertNull(table.remove(100_000));
        assertEquals(0, table.size());
    }

    @Test
    void shouldGrowForLargeDescriptors() {
        Object low = new Object();
        Object high = new Object();
        table.put(1, low);
        table.put(70_000, high);
        assertSame(low, table.get(1));
        assertSame(high, table.get(70_000));
        assertEquals(2, table.size());
    }

    @Test
    void shouldRejectNegativeDescriptor() {
        assertThrows(IllegalArgumentException.class, () -> table.put(-1, new Object()));
        assertEquals(0, table.size());
    }

    @Test
    void shouldVisitEachRegisteredDescriptorInOrder() {
        table.put(9, "x");
        table.put(2, "y");
        table.put(200, "z");
        table.put(5, "w");
        table.remove(5);
        List<Integer> seen = new ArrayList<>();
        table.forEach(seen::add);
        assertEquals(List.of(2, 9, 200), seen);
    }
}
