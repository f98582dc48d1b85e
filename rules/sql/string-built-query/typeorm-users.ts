import { DataSource } from 'typeorm';
import { User } from './entity/User';

export const AppDataSource = new DataSource({
  type: 'postgres',
  url: process.env.DATABASE_URL,
  entities: [User],
});

export async function findByEmail(email: string) {
  // ruleid: sql/string-built-query
  return AppDataSource.query(`SELECT * FROM "user" WHERE email = '${email}'`);
}

export async function findActive(role: string) {
  const runner = AppDataSource.createQueryRunner();
  // ruleid: sql/string-built-query
  return runner.query('SELECT * FROM "user" WHERE active = $1 AND role = \'' + role + "'", [true]);
}

export async function builder(name: string, minAge: string) {
  return AppDataSource.getRepository(User)
    .createQueryBuilder('user')
    // ruleid: sql/string-built-query
    .where("user.name = '" + name + "'")
    // ruleid: sql/string-built-query
    .andWhere(`user.age > ${minAge}`, {})
    .getMany();
}

export async function safeBuilder(name: string) {
  return AppDataSource.getRepository(User)
    .createQueryBuilder('user')
    // ok: sql/string-built-query
    .where('user.name = :name', { name })
    .getMany();
}

export async function safeFind(id: number) {
  // ok: sql/string-built-query
  return AppDataSource.getRepository(User).findOne({ where: { id } });
}
