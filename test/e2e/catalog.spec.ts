import { expect, openView, seedBasic, snap, test } from './fixtures';

test.describe('benchmarks and models', () => {
  test('adding and editing a benchmark and a subtask', async ({ app, call }) => {
    await app.getByRole('button', { name: 'Start empty' }).click();
    await app.getByRole('button', { name: '+ New benchmark' }).click();
    await app.getByLabel('Name', { exact: true }).fill('ProofBench');
    await app.getByLabel('Category').fill('math');
    await app.getByLabel('Unit').selectOption('percent');
    await app.getByLabel('Floor (chance)').fill('0');
    await app.getByLabel('Ceiling', { exact: true }).fill('120');
    await app.getByRole('button', { name: 'Save benchmark' }).click();
    await expect(app.getByLabel('Ceiling', { exact: true })).toHaveAttribute('aria-invalid', 'true');
    await expect(app.locator('.field').filter({ has: app.getByLabel('Ceiling', { exact: true }) })).toContainText('within 0–100');
    await snap(app, 'benchmark-error');
    expect(await call('benchmarks/list', {})).toHaveLength(0);

    await app.getByLabel('Ceiling', { exact: true }).fill('95');
    await app.getByLabel('Ceiling reason').fill('about 5% of answers are disputed');
    await app.getByRole('button', { name: 'Save benchmark' }).click();
    await expect(app.getByText('Saved benchmark ProofBench.')).toBeVisible();
    let bench = (await call('benchmarks/list', {}))[0]!;
    expect(bench).toMatchObject({ name: 'ProofBench', category: 'math', unit: 'percent', ceiling: 95, ceilingReason: 'about 5% of answers are disputed' });

    // Edit it.
    await app.getByLabel('Category').fill('formal math');
    await app.getByLabel('Aliases').fill('PB, Proof-Bench');
    await app.getByRole('button', { name: 'Save benchmark' }).click();
    await expect.poll(async () => (await call('benchmarks/get', { id: bench.id })).category).toBe('formal math');
    expect((await call('benchmarks/get', { id: bench.id })).aliases.sort()).toEqual(['PB', 'Proof-Bench']);

    // Add a subtask, then edit it (a bad weight is explained beside its field), then delete it.
    await app.getByLabel('New subtask name').fill('geometry');
    await app.getByLabel('New subtask item count').fill('120');
    await app.getByRole('button', { name: 'Add subtask' }).click();
    await expect.poll(async () => (await call('benchmarks/get', { id: bench.id })).subtasks.map((s) => s.name)).toEqual(['geometry']);
    await app.getByLabel('Weight of geometry').fill('heavy');
    await app.getByRole('button', { name: 'Save subtask geometry' }).click();
    await expect(app.getByRole('table', { name: 'Subtasks' }).getByRole('alert')).toHaveText('"heavy" is not a number');
    await app.getByLabel('Weight of geometry').fill('2');
    await app.getByLabel('Subtask name 1').fill('geometry-2d');
    await app.getByRole('button', { name: 'Save subtask geometry' }).click();
    await expect.poll(async () => (await call('benchmarks/get', { id: bench.id })).subtasks[0]).toMatchObject({ name: 'geometry-2d', weight: 2, itemCount: 120 });
    await snap(app, 'benchmarks-edit');
    await app.getByRole('button', { name: 'Delete subtask geometry-2d' }).click();
    await expect.poll(async () => (await call('benchmarks/get', { id: bench.id })).subtasks).toHaveLength(0);
    bench = await call('benchmarks/get', { id: bench.id });
    expect(bench.name).toBe('ProofBench');
  });

  test('editing a model and deleting it after confirmation', async ({ app, call }) => {
    await seedBasic(call);
    await app.reload();
    await openView(app, 'Models');
    await app.getByRole('button', { name: 'Beta-2' }).click();
    await app.getByLabel('Organization').fill('Globex Research');
    await app.getByLabel('Aliases').fill('beta2');
    await app.getByLabel('Release date').fill('2024/05/01');
    await app.getByRole('button', { name: 'Save model' }).click();
    await expect(app.locator('.field').filter({ has: app.getByLabel('Release date') })).toContainText('YYYY-MM-DD');
    await app.getByLabel('Release date').fill('2024-05-02');
    await app.getByRole('button', { name: 'Save model' }).click();
    await expect.poll(async () => (await call('models/list', {})).find((m) => m.name === 'Beta-2')).toMatchObject({ organization: 'Globex Research', aliases: ['beta2'], releaseDate: '2024-05-02' });
    await snap(app, 'models-edit');

    await app.getByRole('button', { name: 'Delete…' }).click();
    const dialog = app.getByRole('dialog', { name: 'Delete model' });
    await expect(dialog).toContainText('Delete Beta-2 and its 1 results?');
    await dialog.getByRole('button', { name: 'Delete model' }).click();
    await expect.poll(async () => (await call('models/list', {})).map((m) => m.name)).toEqual(['Alpha-1']);
  });
});
