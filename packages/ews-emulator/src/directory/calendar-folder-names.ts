/**
 * Display name of the Calendar folder per mailbox language: the `:\Calendar` path of
 * Add-MailboxFolderPermission must use it, while EWS's distinguished id `calendar` does not care.
 */
const CALENDAR_FOLDER_NAMES: Readonly<Record<string, string>> = {
  en: 'Calendar',
  de: 'Kalender',
  fr: 'Calendrier',
  es: 'Calendario',
  it: 'Calendario',
  nl: 'Agenda',
  pt: 'Calendário',
  ja: '予定表',
  sv: 'Kalender',
  pl: 'Kalendarz',
};

export function calendarFolderName(culture: string): string {
  const language = culture.split('-')[0]?.toLowerCase() ?? 'en';
  return CALENDAR_FOLDER_NAMES[language] ?? 'Calendar';
}
