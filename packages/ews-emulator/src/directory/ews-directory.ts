import { calendarFolderName } from './calendar-folder-names.ts';
import type { EwsAccount, EwsMailbox, MailboxGrants, RoomList } from './types.ts';

/** A control-API failure with the PowerShell-like message an admin would see. */
export class DirectoryError extends Error {
  override readonly name = 'DirectoryError';
  constructor(
    readonly code: 'NotFound' | 'Conflict' | 'Invalid',
    message: string,
  ) {
    super(message);
  }
}

export interface FolderPermissionInput {
  /** `<mailbox>:\<folder>` as Add-MailboxFolderPermission takes it. */
  identity: string;
  user: string;
  accessRights: 'Reviewer' | 'None';
}

/** Mailboxes, accounts, room lists and the permissions between them. */
export class EwsDirectory {
  readonly netbiosDomain: string;
  readonly dnsDomain: string;
  private readonly mailboxes = new Map<string, EwsMailbox>();
  private readonly accounts = new Map<string, EwsAccount>();
  private readonly roomLists = new Map<string, RoomList>();
  /** account sam (lower) → mailbox address → grants */
  private readonly grants = new Map<string, Map<string, MailboxGrants>>();

  constructor(options: { netbiosDomain: string; dnsDomain: string }) {
    this.netbiosDomain = options.netbiosDomain.toUpperCase();
    this.dnsDomain = options.dnsDomain.toLowerCase();
  }

  addMailbox(mailbox: EwsMailbox): EwsMailbox {
    const address = mailbox.address.toLowerCase();
    if (this.mailboxes.has(address))
      throw new DirectoryError('Conflict', `Mailbox ${address} already exists.`);
    const stored = { ...mailbox, address };
    this.mailboxes.set(address, stored);
    return stored;
  }

  removeMailbox(address: string): EwsMailbox {
    const mailbox = this.requireMailbox(address);
    this.mailboxes.delete(mailbox.address);
    for (const perAccount of this.grants.values()) perAccount.delete(mailbox.address);
    for (const list of this.roomLists.values()) list.rooms = list.rooms.filter((r) => r !== mailbox.address);
    return mailbox;
  }

  mailbox(address: string): EwsMailbox | undefined {
    return this.mailboxes.get(address.trim().toLowerCase());
  }

  mailboxByStoreId(storeId: string): EwsMailbox | undefined {
    for (const m of this.mailboxes.values()) if (m.storeId === storeId) return m;
    return undefined;
  }

  listMailboxes(): EwsMailbox[] {
    return [...this.mailboxes.values()];
  }

  requireMailbox(address: string): EwsMailbox {
    const mailbox = this.mailbox(address);
    if (!mailbox)
      throw new DirectoryError(
        'NotFound',
        `The operation couldn't be performed because object '${address}' couldn't be found.`,
      );
    return mailbox;
  }

  addAccount(account: EwsAccount): EwsAccount {
    const key = account.samAccountName.toLowerCase();
    if (this.accounts.has(key))
      throw new DirectoryError('Conflict', `Account ${account.samAccountName} already exists.`);
    this.accounts.set(key, account);
    return account;
  }

  updateAccount(user: string, patch: Partial<Pick<EwsAccount, 'password' | 'lockedOut'>>): EwsAccount {
    const account = this.requireAccount(user);
    if (patch.password !== undefined) account.password = patch.password;
    if (patch.lockedOut !== undefined) account.lockedOut = patch.lockedOut;
    return account;
  }

  listAccounts(): EwsAccount[] {
    return [...this.accounts.values()];
  }

  /**
   * Finds the account a sign-in names: `DOMAIN\sam`, `sam`, or the UPN. NTLM clients send the UPN as the
   * user with an empty domain, or split `DOMAIN\sam` into the two fields.
   */
  findAccount(user: string, domain = ''): EwsAccount | undefined {
    let name = user.trim().toLowerCase();
    let dom = domain.trim().toLowerCase();
    const slash = name.indexOf('\\');
    if (slash >= 0) {
      dom = name.slice(0, slash);
      name = name.slice(slash + 1);
    }
    if (dom !== '' && dom !== this.netbiosDomain.toLowerCase() && dom !== this.dnsDomain) return undefined;
    for (const account of this.accounts.values()) {
      if (account.samAccountName.toLowerCase() === name || account.userPrincipalName.toLowerCase() === name)
        return account;
    }
    return undefined;
  }

  requireAccount(user: string): EwsAccount {
    const account = this.findAccount(user);
    if (!account) throw new DirectoryError('NotFound', `The user "${user}" couldn't be found.`);
    return account;
  }

  addRoomList(list: RoomList): RoomList {
    const stored = {
      ...list,
      address: list.address.toLowerCase(),
      rooms: list.rooms.map((r) => r.toLowerCase()),
    };
    this.roomLists.set(stored.address, stored);
    return stored;
  }

  listRoomLists(): RoomList[] {
    return [...this.roomLists.values()];
  }

  roomList(address: string): RoomList | undefined {
    return this.roomLists.get(address.trim().toLowerCase());
  }

  grantsOf(user: string, mailboxAddress: string): MailboxGrants {
    const account = this.findAccount(user);
    const found =
      account && this.grants.get(account.samAccountName.toLowerCase())?.get(mailboxAddress.toLowerCase());
    return found ? { ...found } : { fullAccess: false, calendarReviewer: false };
  }

  /** Add-MailboxPermission / Remove-MailboxPermission with FullAccess. */
  setFullAccess(mailboxAddress: string, user: string, granted: boolean): void {
    const mailbox = this.requireMailbox(mailboxAddress);
    this.updateGrants(this.requireAccount(user), mailbox.address, { fullAccess: granted });
  }

  /**
   * Add-MailboxFolderPermission on `<mailbox>:\<folder>`: the folder must be named in the mailbox's language,
   * exactly like Exchange, which cannot find `:\Calendar` in a German mailbox.
   */
  setFolderPermission(input: FolderPermissionInput): void {
    const separator = input.identity.indexOf(':\\');
    if (separator < 0)
      throw new DirectoryError('Invalid', `"${input.identity}" is not <mailbox>:\\<folder>.`);
    const mailbox = this.requireMailbox(input.identity.slice(0, separator));
    const folder = input.identity.slice(separator + 2);
    if (folder.toLowerCase() !== calendarFolderName(mailbox.culture).toLowerCase()) {
      throw new DirectoryError(
        'NotFound',
        `The operation couldn't be performed because '${input.identity}' couldn't be found.`,
      );
    }
    this.updateGrants(this.requireAccount(input.user), mailbox.address, {
      calendarReviewer: input.accessRights === 'Reviewer',
    });
  }

  private updateGrants(account: EwsAccount, address: string, patch: Partial<MailboxGrants>): void {
    const key = account.samAccountName.toLowerCase();
    let perAccount = this.grants.get(key);
    if (!perAccount) {
      perAccount = new Map();
      this.grants.set(key, perAccount);
    }
    const current = perAccount.get(address) ?? { fullAccess: false, calendarReviewer: false };
    perAccount.set(address, { ...current, ...patch });
  }
}
