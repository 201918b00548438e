import type { WebTestApp } from './harness.js';

/** The desk the browser tests work on: two accounts, six appeals, one Instagram mention. */
export async function seedDesk(app: WebTestApp): Promise<number> {
  await app.user('supervisor', ['supervisor']);
  await app.user('operator', ['operator']);
  const texts = [
    'Нет света на улице Толе би 12 в Шуском районе с утра',
    'Жарық жоқ, Шу ауданы, Төле би ауылы, екінші күн',
    'Нет воды в мкр Жайлау, Тараз, второй день',
    'Яма на дороге по ул. Абая, Тараз, опасно для машин',
    'Газ пахнет в подъезде, ул. Сулейменова 5, Тараз',
    'Спасибо водоканалу за быстрый ремонт',
  ];
  const ids: number[] = [];
  for (const text of texts) ids.push(await app.appeal({ text }));
  await app.signal({
    channel: 'instagram',
    text: 'Опять в Таразе нет воды, акимат молчит! Безобразие',
    status: 'mention',
    reach: { followers: 15400, likes: 230, comments: 41 },
    conversation: null,
  });
  // The case the tests look for through the filters: electricity, Shu district, «Толе би 12».
  return ids[0] as number;
}
