package io.seedance.streams.service;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * Holds the RocksDB stores of this process, all of them together, to one memory budget: their block
 * caches, index and filter blocks and memtables are all charged to a single LRU cache.
 *
 * <p>Kafka Streams otherwise gives every store instance its own 50 MB block cache and up to three
 * 16 MB memtables, so memory grows with the partitions an instance owns (two stores a partition),
 * and a store written less than 16 MB is never flushed. With the budget, the memtables of all
 * stores share half of it and the fullest is flushed when they outgrow that share. What it saves is
 * measured in docs/benchmarks.md ("Scale of state").
 *
 * <p>Kafka Streams creates one setter per store by class name, so the cache is kept here, one per
 * budget for the life of the process, and {@link #close} leaves it alone.
 */
public final class StoreMemoryBudget implements RocksDBConfigSetter {

    /** The budget in bytes, passed in the Kafka Streams configuration. */
    public static final String BUDGET_CONFIG = "seedance.state.memory.bytes";

    public static final long DEFAULT_BUDGET_BYTES = 64L << 20;
    static final long MINIMUM_BUDGET_BYTES = 8L << 20;
    /** Index and filter blocks go to the high-priority part of the cache, so data blocks never push them out. */
    private static final double INDEX_AND_FILTER_SHARE = 0.1;

    private static final Map<Long, Shared> SHARED = new ConcurrentHashMap<>();

    /** The cache and the memtables' account in it, shared by every store under one budget. */
    record Shared(Cache cache, WriteBufferManager memtables) {

        static Shared within(final long budgetBytes) {
            final Cache cache = new LRUCache(budgetBytes, -1, false, INDEX_AND_FILTER_SHARE);
            return new Shared(cache, new WriteBufferManager(budgetBytes / 2, cache));
        }
    }

    @Override
    public void setConfig(final String storeName, final Options options, final Map<String, Object> configs) {
        final Shared shared = shared(budgetBytes(configs));
        final BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(shared.cache());
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setTableFormatConfig(table);
        options.setWriteBufferManager(shared.memtables());
    }

    @Override
    public void close(final String storeName, final Options options) {
        // The cache and the write buffer manager belong to every store under the budget.
    }

    static Shared shared(final long budgetBytes) {
        return SHARED.computeIfAbsent(budgetBytes, Shared::within);
    }

    static long budgetBytes(final Map<String, Object> configs) {
        final Object value = configs.get(BUDGET_CONFIG);
        if (value == null) {
            return DEFAULT_BUDGET_BYTES;
        }
        final long bytes;
        try {
            bytes = value instanceof Number number
                    ? number.longValue()
                    : Long.parseLong(value.toString().strip());
        } catch (final NumberFormatException e) {
            throw new ConfigException(BUDGET_CONFIG, value, "not a number of bytes");
        }
        if (bytes < MINIMUM_BUDGET_BYTES) {
            throw new ConfigException(BUDGET_CONFIG, value, "at least " + MINIMUM_BUDGET_BYTES + " bytes");
        }
        return bytes;
    }
}
