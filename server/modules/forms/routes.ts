// HTTP routes for application forms: GET /api/services/:code/form and GET /api/bundles/:code/form (public, cacheable;
// 404 FORM_NOT_FOUND for an item that cannot be applied for online).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ErrorBody } from '@contract/common'
import { ServiceForm } from '@contract/forms'
import { ServiceCodeParams } from '@contract/service'
import { AppError } from '../../errors'
import { CATALOG_CACHE_CONTROL } from '../services/routes'
import { loadForms, type FormsIndex } from './index'

export interface FormsRoutesOptions {
  /** The forms to answer from (tests pass their own); defaults to loadForms(). */
  forms?: FormsIndex
}

const formsRoutes: FastifyPluginAsyncTypebox<FormsRoutesOptions> = async (app, options) => {
  // Loaded (and checked) while the app starts: a bad form file stops startup with its message.
  const forms = options.forms ?? (await loadForms())
  const schema = { tags: ['services'], params: ServiceCodeParams, response: { 200: ServiceForm, 404: ErrorBody } }

  app.get('/api/services/:code/form', { schema: { ...schema, summary: '事项的网上申请表' } }, async (request, reply) => {
    const form = forms.formFor(request.params.code)
    if (!form) throw new AppError(404, 'FORM_NOT_FOUND', '该事项暂不能网上申请，请查看办事指南到现场办理')
    void reply.header('cache-control', CATALOG_CACHE_CONTROL)
    return form
  })

  app.get('/api/bundles/:code/form', { schema: { ...schema, summary: '一件事的联办申请表' } }, async (request, reply) => {
    const form = forms.formForBundle(request.params.code)
    if (!form) throw new AppError(404, 'FORM_NOT_FOUND', '该一件事暂不能网上申请，请查看办事指南')
    void reply.header('cache-control', CATALOG_CACHE_CONTROL)
    return form
  })
}

export default formsRoutes
