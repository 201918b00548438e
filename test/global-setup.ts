import pg from 'pg';

/**
 * Runs once before the suite: reports which database dialects the storage tests will use and fails the
 * run when PostgreSQL was required (CI sets TYNDAU_REQUIRE_POSTGRES=1) but is missing or unreachable.
 */
export default async function setup(): Promise<void> {
  const url = process.env.TEST_DATABASE_URL;
  const required = process.env.TYNDAU_REQUIRE_POSTGRES === '1';
  const dialects = ['sqlite'];
  if (url) {
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.query('select 1');
      dialects.push('postgres');
    } catch (err) {
      throw new Error(`TEST_DATABASE_URL is set but PostgreSQL does not answer: ${(err as Error).message}`);
    } finally {
      await client.end().catch(() => undefined);
    }
  } else if (required) {
    throw new Error(
      'TYNDAU_REQUIRE_POSTGRES=1 but TEST_DATABASE_URL is not set: postgres tests would be skipped',
    );
  }
  console.log(`\n[tyndau] storage tests run on dialects: ${dialects.join(', ')}\n`);
}
