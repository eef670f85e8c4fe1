// A Bearer credential for the REST API, scoped to one organization. The secret is shown once at
// creation; we keep only its prefix (to find the row) and a hash (to check it).
export class ApiKey {
  id!: string;
  organizationId!: string;
  name!: string;
  prefix!: string;
  secretHash!: string;
  createdByUserId: string | null = null;
  lastUsedAt: Date | null = null;
  revokedAt: Date | null = null;
  createdAt!: Date;

  static create(input: {
    id: string;
    organizationId: string;
    name: string;
    prefix: string;
    secretHash: string;
    createdByUserId: string | null;
    now: Date;
  }): ApiKey {
    const key = new ApiKey();
    key.id = input.id;
    key.organizationId = input.organizationId;
    key.name = input.name;
    key.prefix = input.prefix;
    key.secretHash = input.secretHash;
    key.createdByUserId = input.createdByUserId;
    key.createdAt = input.now;
    return key;
  }

  get isActive(): boolean {
    return this.revokedAt === null;
  }
}
