package io.seedance.streams.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.state.internals.BlockBasedTableConfigWithAccessibleCache;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.WriteOptions;

class StoreMemoryBudgetTest {

    private static final long BUDGET = 16L << 20;

    static {
        RocksDB.loadLibrary();
    }

    /** Options as Kafka Streams hands them to a config setter. */
    private static Options storeOptions() {
        final Options options = new Options().setCreateIfMissing(true);
        options.setTableFormatConfig(new BlockBasedTableConfigWithAccessibleCache());
        return options;
    }

    @Test
    void shouldChargeEveryStoreUnderOneBudgetToTheSameCache() {
        final StoreMemoryBudget setter = new StoreMemoryBudget();
        try (Options tasks = storeOptions();
                Options index = storeOptions();
                Options other = storeOptions()) {
            setter.setConfig("seedance-tasks", tasks, Map.of(StoreMemoryBudget.BUDGET_CONFIG, BUDGET));
            setter.setConfig(
                    "seedance-task-index", index, Map.of(StoreMemoryBudget.BUDGET_CONFIG, Long.toString(BUDGET)));
            setter.setConfig("seedance-tasks", other, Map.of(StoreMemoryBudget.BUDGET_CONFIG, 2 * BUDGET));

            final var tasksTable = (BlockBasedTableConfigWithAccessibleCache) tasks.tableFormatConfig();
            final var indexTable = (BlockBasedTableConfigWithAccessibleCache) index.tableFormatConfig();
            final var otherTable = (BlockBasedTableConfigWithAccessibleCache) other.tableFormatConfig();
            assertThat(indexTable.blockCache())
                    .isSameAs(tasksTable.blockCache())
                    .isNotNull();
            assertThat(index.writeBufferManager())
                    .isSameAs(tasks.writeBufferManager())
                    .isNotNull();
            assertThat(tasksTable.cacheIndexAndFilterBlocks()).isTrue();
            assertThat(otherTable.blockCache())
                    .as("another budget, another cache")
                    .isNotSameAs(tasksTable.blockCache());
        }
    }

    @Test
    void shouldFlushMemtablesOnceTheyOutgrowHalfTheBudget(@TempDir final Path dir) throws Exception {
        try (Options options = storeOptions()) {
            new StoreMemoryBudget()
                    .setConfig("seedance-tasks", options, Map.of(StoreMemoryBudget.BUDGET_CONFIG, BUDGET));
            try (RocksDB db = RocksDB.open(options, dir.toString());
                    WriteOptions write = new WriteOptions()) {
                final byte[] value = "x".repeat(1_000).getBytes(StandardCharsets.UTF_8);
                for (int i = 0; i < 40_000; i++) { // 40 MB, more than twice the budget
                    db.put(write, ("task-" + i).getBytes(StandardCharsets.UTF_8), value);
                }
                // Without the budget RocksDB would keep all 40 MB in a 64 MB memtable. Flushes run on
                // RocksDB's own threads: on a loaded machine the last one may still be on its way.
                await().atMost(Duration.ofSeconds(30))
                        .untilAsserted(
                                () -> assertThat(Long.parseLong(db.getProperty("rocksdb.cur-size-all-mem-tables")))
                                        .isLessThanOrEqualTo(BUDGET));
                assertThat(Long.parseLong(db.getProperty("rocksdb.total-sst-files-size")))
                        .as("flushed to files")
                        .isPositive();
                assertThat(StoreMemoryBudget.shared(BUDGET).cache().getUsage()).isLessThanOrEqualTo(BUDGET * 11 / 10);
            }
        }
    }

    @Test
    void shouldReadTheBudgetOrFallBackToTheDefault() {
        assertThat(StoreMemoryBudget.budgetBytes(Map.of())).isEqualTo(StoreMemoryBudget.DEFAULT_BUDGET_BYTES);
        assertThat(StoreMemoryBudget.budgetBytes(Map.of(StoreMemoryBudget.BUDGET_CONFIG, " 33554432 ")))
                .isEqualTo(32L << 20);
        assertThatThrownBy(() -> StoreMemoryBudget.budgetBytes(Map.of(StoreMemoryBudget.BUDGET_CONFIG, "lots")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(StoreMemoryBudget.BUDGET_CONFIG);
        assertThatThrownBy(() -> StoreMemoryBudget.budgetBytes(Map.of(StoreMemoryBudget.BUDGET_CONFIG, 1024)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("at least");
    }
}
