// Replaced by the database fixture set-up once the database layer lands.
export default async function setup() {}
