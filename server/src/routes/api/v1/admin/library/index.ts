/**
 * POST /api/v1/admin/library/packages?channelId=: a lesson package (zip) as
 * the raw body. It is spooled to a temp file (yauzl needs random access),
 * checked whole, and imported into the channel only when nothing is wrong;
 * otherwise 422 PACKAGE_INVALID with `error.details.problems` listing every
 * problem and nothing in the catalog changed.
 */
import { rmSync } from 'node:fs';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorCode, PackageImportQuery, PackageImportReport } from '@sinif/shared';
import { ApiError } from '../../../../../http/api-error.ts';
import { channelExists } from '../../../../../catalog/channels.ts';
import { ContentTooLargeError, UploadCutOffError, spoolToTempFile } from '../../../../../content/content-upload.ts';
import { essenceOf } from '../../../../../content/media-policy.ts';
import { acceptRawBodies, declaredLength, payloadTooLarge, rawBody, refuseBeforeBody, refuseUnreadBody } from '../../../../../content/raw-body.ts';
import { importPackage } from '../../../../../library-import/package-import.ts';
import { defaultPackageLimits } from '../../../../../library-import/package-limits.ts';

const ZIP_TYPES = new Set(['application/zip', 'application/x-zip-compressed']);

const library: FastifyPluginAsyncTypebox = async (app) => {
  acceptRawBodies(app);

  app.post(
    '/packages',
    {
      schema: { querystring: PackageImportQuery, response: { 201: PackageImportReport } },
      config: { action: 'library.manage' },
    },
    async (request, reply) => {
      const limits = defaultPackageLimits;
      if (!ZIP_TYPES.has(essenceOf(request.headers['content-type'] ?? ''))) {
        throw refuseBeforeBody(415, ErrorCode.unsupportedMediaType, 'Send the package as application/zip.');
      }
      const { channelId } = request.query;
      if (!(await channelExists(app.store, channelId))) throw refuseBeforeBody(404, ErrorCode.notFound, `No channel ${channelId}.`);
      if ((declaredLength(request) ?? 0) > limits.maxPackageBytes) {
        throw refuseBeforeBody(413, ErrorCode.payloadTooLarge, `A package may be at most ${limits.maxPackageBytes} bytes.`);
      }
      const body = rawBody(request);
      let spooled;
      try {
        spooled = await spoolToTempFile(app.content, body, limits.maxPackageBytes);
      } catch (error) {
        if (error instanceof ContentTooLargeError) throw await refuseUnreadBody(body, payloadTooLarge(`A package may be at most ${limits.maxPackageBytes} bytes.`));
        if (error instanceof UploadCutOffError) throw new ApiError(400, ErrorCode.badRequest, error.message);
        throw error;
      }
      try {
        const outcome = await importPackage(app.store, app.content, spooled.path, {
          channelId,
          limits,
          actor: { userId: request.user?.id ?? null, ip: request.ip, via: 'api' },
        });
        if (!outcome.ok) {
          throw new ApiError(422, ErrorCode.packageInvalid, `The package was rejected (${outcome.problems.length} problems); nothing was imported.`, undefined, {
            problems: outcome.problems,
          });
        }
        return reply.code(201).send(outcome.report);
      } finally {
        rmSync(spooled.path, { force: true });
      }
    },
  );
};

export default library;
