/**
 * Synthetic lesson catalog for library.bench.ts: realistic-looking titles,
 * subjects and descriptions in az/hy/ru/en (with ə ş ç ğ ı ö ü), written
 * straight into a server's SQLite the way catalog-writer.ts would (each lesson
 * gets the next feed seq and its feed text), but in one transaction because
 * 100k single-lesson transactions would make the setup slower than the thing
 * measured.
 */
import Database from 'better-sqlite3';
import type { LanguageCode, Lesson } from '@sinif/shared';
import { lessonFeedJsonSql } from '../../server/src/catalog/lesson-feed-json.ts';

const words: Record<LanguageCode, string[]> = {
  az: `şəkil çəkmək kompüter riyaziyyat fizika kimya ədəbiyyat tarix coğrafiya biologiya informatika dərs məsələ həll ağac göl
    üçbucaq dairə kəsr tənlik işıq qığılcım səs dünya ölkə şəhər çay dəniz ulduz hərəkət qüvvə enerji elektrik maqnit bitki
    heyvan insan bədən sağlamlıq idman musiqi incəsənət rəsm oyun proqram alqoritm məlumat şəbəkə təhlükəsizlik qrammatika
    cümlə söz hekayə şeir nağıl yazıçı müəllim şagird məktəb kitab dəftər ölçü çəki uzunluq sahə həcm vaxt saat hesab toplama
    çıxma vurma bölmə ədəd rəqəm faiz qrafik cədvəl xəritə iqlim təbiət torpaq günəş planet kainat atom molekul öyrənmək`.split(/\s+/),
  ru: `урок математика дроби уравнение геометрия треугольник окружность физика химия биология история география литература
    русский язык грамматика предложение слово рассказ стихотворение сказка писатель учитель ученик школа класс книга энергия
    сила движение свет звук электричество магнит растение животное человек здоровье спорт музыка искусство рисунок игра
    программа алгоритм информация сеть интернет безопасность карта климат природа вода воздух земля солнце планета вселенная
    атом молекула ёлка площадь объём время деньги сложение вычитание умножение деление число процент график таблица`.split(/\s+/),
  hy: `դաս մաթեմատիկա կոտորակ հավասարում երկրաչափություն եռանկյուն շրջան ֆիզիկա քիմիա կենսաբանություն պատմություն
    աշխարհագրություն գրականություն հայոց լեզու քերականություն նախադասություն բառ պատմվածք բանաստեղծություն հեքիաթ գրող
    ուսուցիչ աշակերտ դպրոց դասարան գիրք էներգիա ուժ շարժում լույս ձայն էլեկտրականություն մագնիս բույս կենդանի մարդ
    առողջություն սպորտ երաժշտություն արվեստ նկար խաղ ծրագիր ալգորիթմ տեղեկություն ցանց համացանց անվտանգություն քարտեզ
    կլիմա բնություն ջուր օդ հող արև մոլորակ տիեզերք ատոմ մոլեկուլ Երևան`.split(/\s+/),
  en: `lesson mathematics fractions equation geometry triangle circle physics chemistry biology history geography literature
    english grammar sentence word story poem fairy tale writer teacher student school class book energy force motion light
    sound electricity magnet plant animal human health sport music art drawing game program algorithm information network
    internet safety map climate nature water air earth sun planet universe atom molecule area volume time money addition
    subtraction multiplication division number percent graph table computer picture`.split(/\s+/),
};

const subjects: Record<LanguageCode, string[]> = {
  az: ['Riyaziyyat', 'Fizika', 'Kimya', 'Ədəbiyyat', 'Tarix', 'Coğrafiya', 'İnformatika', 'İncəsənət', 'Musiqi', 'Azərbaycan dili'],
  ru: ['Математика', 'Физика', 'Химия', 'Литература', 'История', 'География', 'Информатика', 'Искусство', 'Музыка', 'Русский язык'],
  hy: ['Մաթեմատիկա', 'Ֆիզիկա', 'Քիմիա', 'Գրականություն', 'Պատմություն', 'Աշխարհագրություն', 'Ինֆորմատիկա', 'Արվեստ', 'Երաժշտություն', 'Հայոց լեզու'],
  en: ['Mathematics', 'Physics', 'Chemistry', 'Literature', 'History', 'Geography', 'Computer science', 'Art', 'Music', 'English'],
};

export const languages: LanguageCode[] = ['az', 'hy', 'ru', 'en'];

/** Small deterministic PRNG (mulberry32): the same catalog on every run. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T>(next: () => number, list: readonly T[]): T {
  return list[Math.floor(next() * list.length)] as T;
}

function phrase(next: () => number, language: LanguageCode, min: number, max: number): string {
  const count = min + Math.floor(next() * (max - min + 1));
  const text = Array.from({ length: count }, () => pick(next, words[language])).join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function hex64(next: () => number): string {
  let out = '';
  while (out.length < 64) out += Math.floor(next() * 0x100000000).toString(16).padStart(8, '0');
  return out;
}

export function syntheticLesson(next: () => number, index: number, updatedAt: string): Lesson {
  const language = languages[index % languages.length] as LanguageCode;
  const resources = Array.from({ length: 1 + (index % 2) }, (_, i) => ({
    id: `r${i + 1}`,
    name: i === 0 ? 'index.html' : 'video.mp4',
    mediaType: i === 0 ? 'text/html' : 'video/mp4',
    size: 1000 + Math.floor(next() * 50_000_000),
    sha256: hex64(next),
  }));
  return {
    id: `bench-${index.toString(36).padStart(5, '0')}`,
    title: phrase(next, language, 2, 6),
    description: phrase(next, language, 10, 30),
    subject: pick(next, subjects[language]),
    grade: 1 + (index % 12),
    language,
    updatedAt,
    resources,
  };
}

export function syntheticCatalog(count: number, seed = 7): Lesson[] {
  const next = random(seed);
  const updatedAt = new Date('2026-01-15T08:00:00Z').toISOString();
  return Array.from({ length: count }, (_, i) => syntheticLesson(next, i, updatedAt));
}

/** Search strings a user might type: words, prefixes, caps, no diacritics, two words. */
export function syntheticQueries(count: number, seed = 11): string[] {
  const next = random(seed);
  const strip = (w: string) => w.replace(/ə/g, 'e').replace(/ı/g, 'i').normalize('NFKD').replace(/\p{M}/gu, '');
  return Array.from({ length: count }, () => {
    const word = pick(next, words[pick(next, languages)]);
    switch (Math.floor(next() * 5)) {
      case 0: return word;
      case 1: return word.slice(0, 3 + Math.floor(next() * 3));
      case 2: return strip(word);
      case 3: return word.toUpperCase();
      default: return `${word} ${pick(next, words[pick(next, languages)]).slice(0, 4)}`;
    }
  });
}

/** Appends lessons to a server store's catalog, each with the next feed seq. */
export function insertIntoServerCatalog(file: string, lessons: readonly Lesson[]): void {
  const sqlite = new Database(file);
  sqlite.pragma('busy_timeout = 5000');
  const insertLesson = sqlite.prepare(
    'INSERT INTO lessons (id, title, description, subject, grade, language, updated_at, deleted, seq) VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?)',
  );
  const insertResource = sqlite.prepare(
    'INSERT INTO lesson_resources (lesson_id, id, name, media_type, size, sha256, position) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  sqlite.transaction(() => {
    let seq = (sqlite.prepare('SELECT last_seq FROM catalog_seq WHERE id = 1').get() as { last_seq: number }).last_seq;
    for (const l of lessons) {
      insertLesson.run(l.id, l.title, l.description, l.subject, l.grade, l.language, l.updatedAt, ++seq);
      l.resources.forEach((r, position) => insertResource.run(l.id, r.id, r.name, r.mediaType, r.size, r.sha256, position));
    }
    sqlite.prepare('UPDATE catalog_seq SET last_seq = ? WHERE id = 1').run(seq);
    // And each lesson's feed text, as the catalog writer stores it (lesson-feed-json.ts).
    sqlite.exec(`UPDATE lessons SET feed_json = ${lessonFeedJsonSql('lessons')} WHERE feed_json IS NULL`);
    // Stores with library channels (server migration 0005): publish in the
    // national channel and let each school's feed view rebuild on next read.
    const channels = sqlite.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'channel_lessons'`).get();
    if (channels) {
      const publish = sqlite.prepare(`INSERT INTO channel_lessons (channel_id, lesson_id) VALUES ('national', ?)`);
      for (const l of lessons) publish.run(l.id);
      sqlite.exec('INSERT OR IGNORE INTO school_catalog_stale (school_id) SELECT id FROM schools');
    }
  })();
  sqlite.close();
}
