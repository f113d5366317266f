import { DataSource } from 'typeorm';

export interface DeliverySummary {
  pending: number;
  failed: number;
  skipped: number;
  oldestPendingCreatedAt: string | null;
}

/** Counts of notifications not delivered, by state (the partial index holds only those). */
export async function deliverySummary(db: DataSource): Promise<DeliverySummary> {
  const [row] = (await db.query(
    `SELECT count(*) FILTER (WHERE delivery_status = 'PENDING')::int AS pending,
            count(*) FILTER (WHERE delivery_status = 'FAILED')::int AS failed,
            count(*) FILTER (WHERE delivery_status = 'SKIPPED')::int AS skipped,
            min(created_at) FILTER (WHERE delivery_status = 'PENDING') AS oldest
       FROM notifications WHERE delivery_status <> 'DELIVERED'`,
  )) as { pending: number; failed: number; skipped: number; oldest: Date | null }[];
  return { pending: row.pending, failed: row.failed, skipped: row.skipped, oldestPendingCreatedAt: row.oldest?.toISOString() ?? null };
}
