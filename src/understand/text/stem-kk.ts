/**
 * A light suffix-stripping stemmer for Kazakh agglutinative endings, working on the folded form
 * (see fold.ts: қ->к, ғ->г, ң->н, і->и, ә->а, ө->о, ұ/ү->у), so it serves Cyrillic, no-letter and Latin
 * Kazakh alike. It strips up to three layers (case, possessive/personal, plural, common verb endings),
 * longest suffix first, and never leaves a stem shorter than three
 * letters (four after the first layer).
 */

const SUFFIXES: readonly string[] = [
  // case endings after possessives and plural+case combinations
  'ларынан',
  'леринен',
  'ларында',
  'леринде',
  'ларына',
  'лерине',
  'ларын',
  'лерин',
  'ларды',
  'лерди',
  'ларга',
  'лерге',
  'ларда',
  'лерде',
  'лардан',
  'лерден',
  'ларымыз',
  'леримиз',
  // locative-adjective
  'дагы',
  'деги',
  'тагы',
  'теги',
  'ндагы',
  'ндеги',
  // verbs: negation + tense/person, participles, converbs
  'майды',
  'мейди',
  'пайды',
  'пейди',
  'байды',
  'бейди',
  'маймыз',
  'меймиз',
  'ган',
  'ген',
  'кан',
  'кен',
  'атын',
  'етин',
  'йтын',
  'йтин',
  'амыз',
  'емиз',
  'ынызды',
  'инизди',
  'ыныз',
  'иниз',
  'сыныз',
  'синиз',
  'ымыз',
  'имиз',
  'мыз',
  'миз',
  'мын',
  'мин',
  'сын',
  'син',
  'сыз',
  'сиз',
  // plural
  'лар',
  'лер',
  'дар',
  'дер',
  'тар',
  'тер',
  // case
  'нан',
  'нен',
  'дан',
  'ден',
  'тан',
  'тен',
  'нын',
  'нин',
  'дын',
  'дин',
  'тын',
  'тин',
  'мен',
  'бен',
  'пен',
  'нда',
  'нде',
  'да',
  'де',
  'та',
  'те',
  'га',
  'ге',
  'ка',
  'ке',
  'на',
  'не',
  'ды',
  'ди',
  'ты',
  'ти',
  'ын',
  'ин',
  // possessives
  'сы',
  'си',
  'ым',
  'им',
  // converbs / verbal noun
  'ып',
  'ип',
];

const ONE_LETTER: ReadonlySet<string> = new Set(['ы', 'и']);

const BY_LENGTH = [...new Set(SUFFIXES.filter((s) => /^[а-яё]+$/.test(s)))].sort(
  (a, b) => b.length - a.length,
);

function stripOnce(word: string, minStem: number): string | null {
  for (const s of BY_LENGTH) {
    if (word.length - s.length >= minStem && word.endsWith(s)) return word.slice(0, -s.length);
  }
  const last = word[word.length - 1];
  if (last && word.length > minStem + 1 && ONE_LETTER.has(last)) return word.slice(0, -1);
  return null;
}

/** Stems a folded Kazakh word: "каласында" -> "кала", "ауданынын" -> "аудан", "мектептерде" -> "мектеп". */
export function stemKazakh(folded: string): string {
  let w = folded;
  for (let round = 0; round < 3; round++) {
    const next = stripOnce(w, round === 0 ? 3 : 4);
    if (next === null) break;
    w = next;
  }
  return w;
}
