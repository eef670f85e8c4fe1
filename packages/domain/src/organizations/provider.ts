// A clinician on whose behalf links are created; analytics group by provider.
export class Provider {
  id!: string;
  organizationId!: string;
  name!: string;
  email: string | null = null;
  /** The staff login of this provider, when they have one. */
  userId: string | null = null;
  active = true;
  createdAt!: Date;
  updatedAt!: Date;

  static create(input: {
    id: string;
    organizationId: string;
    name: string;
    email?: string | null;
    userId?: string | null;
    now: Date;
  }): Provider {
    const provider = new Provider();
    provider.id = input.id;
    provider.organizationId = input.organizationId;
    provider.name = input.name;
    provider.email = input.email ?? null;
    provider.userId = input.userId ?? null;
    provider.createdAt = input.now;
    provider.updatedAt = input.now;
    return provider;
  }
}
